package org.nphunt.hdf5;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.nphunt.NphuntException;
import org.nphunt.io.AtomicOutput;

/**
 * The life of an HDF5 file that a writer builds under a temporary name: written, then either committed
 * (closing metadata and attributes, a flush that must succeed, every handle closed, renamed to the
 * target) or discarded (emptied before its handles close, so that a file whose flush failed on a full
 * disk cannot crash the HDF5 library at exit; see {@link H5#emptyForDiscard}). Shared by the writers of
 * the dijet, HLF and LHC Olympics layouts; not thread-safe (one writer, one thread).
 */
final class AtomicHdf5File {
  private final Path target;
  private final AtomicOutput output;
  private boolean committed;
  private boolean closed;

  /** Reserves {@code target} (refused if it exists, unless {@code force}); the file is created at {@link #temporary()}. */
  AtomicHdf5File(Path target, boolean force) {
    this.target = target;
    this.output = AtomicOutput.create(target, force);
  }

  Path temporary() {
    return output.temporary();
  }

  /** Throws when the file was already committed or closed. */
  void checkWritable() {
    if (closed || committed) {
      throw new IllegalStateException(target + ": writer already " + (committed ? "committed" : "closed"));
    }
  }

  /**
   * Under the HDF5 lock: {@code finish} (the layout's closing metadata), the root attributes, the flush
   * and {@code closeHandles} (which closes every handle, the file last, and says whether the file closed);
   * then the rename. A failure is one line naming the target and the cause.
   */
  void commit(long fileId, Runnable finish, Map<String, String> attributes, BooleanSupplier closeHandles) {
    checkWritable();
    boolean ok = H5.locked(() -> {
      finish.run();
      for (Map.Entry<String, String> a : attributes.entrySet()) {
        H5.writeStringAttribute(fileId, a.getKey(), a.getValue(), target.toString());
      }
      if (!H5.flushForCommit(fileId, output.temporary())) {
        closeHandles.getAsBoolean();
        return false;
      }
      return closeHandles.getAsBoolean();
    });
    if (!ok) {
      throw new NphuntException(target + ": cannot finish the HDF5 file: " + H5.writeFailure(target));
    }
    output.commit();
    committed = true;
    close(closeHandles);
  }

  /** Closes the handles (after emptying an uncommitted file) and removes the temporary; idempotent. */
  void close(BooleanSupplier closeHandles) {
    if (closed) {
      return;
    }
    closed = true;
    H5.run(() -> {
      if (!committed) {
        H5.emptyForDiscard(output.temporary());
      }
      closeHandles.getAsBoolean();
    });
    output.close();
  }
}
