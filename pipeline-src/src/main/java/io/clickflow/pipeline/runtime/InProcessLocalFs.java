package io.clickflow.pipeline.runtime;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.local.LocalConfigKeys;

/**
 * Hadoop's local file system for {@code FileContext} ({@code fs.AbstractFileSystem.file.impl}),
 * over {@link InProcessLocalFileSystem.Raw}: Spark's streaming checkpoints and Delta's log write
 * through it. Over Hadoop's own, each of their renames started {@code readlink} four times.
 */
public class InProcessLocalFs extends ChecksumFs {

  /** Like Hadoop's own, the local file system whatever {@code uri} names (a host, say). */
  public InProcessLocalFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
    super(new RawFs(conf));
  }

  /** As Hadoop's own raw local {@code FileContext} file system, over the in-process one. */
  static final class RawFs extends DelegateToFileSystem {

    RawFs(Configuration conf) throws IOException, URISyntaxException {
      super(
          FsConstants.LOCAL_FS_URI,
          new InProcessLocalFileSystem.Raw(),
          conf,
          FsConstants.LOCAL_FS_URI.getScheme(),
          false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    public FsServerDefaults getServerDefaults(Path f) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    @Deprecated
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true; // any name the local file system takes
    }
  }
}
