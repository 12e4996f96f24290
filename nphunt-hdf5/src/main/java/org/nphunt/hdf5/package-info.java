/**
 * ADC2021 event files and nphunt score files in HDF5, through the reference C library (JavaCPP
 * {@code org.bytedeco:hdf5}), with gzip (de)compression of chunks on a thread pool.
 */
package org.nphunt.hdf5;
