/**
 * Test helpers shared by every module's tests (the {@code nphunt-core} test-jar): where the shared
 * fixtures are, and seeded synthetic events.
 */
package org.nphunt.testing;
