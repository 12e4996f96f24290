/** JSON for configuration records, model headers, manifests and results (Jackson, records supported). */
package org.nphunt.json;
