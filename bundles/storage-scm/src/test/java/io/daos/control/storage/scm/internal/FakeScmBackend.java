package io.daos.control.storage.scm.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records calls; configurable results and errors (like DAOS scm/mocks.go). */
class FakeScmBackend implements ScmBackend {

    final List<String> calls = new ArrayList<>();
    /** mounted target → device major:minor. */
    final Map<String, String> mounts = new LinkedHashMap<>();
    int euid = 0;
    int egid = 0;
    String probeOutput = null;
    IOException mountError;
    IOException unmountError;
    IOException mkfsError;
    IOException probeError;
    IOException mountInfoError;
    /** statvfs answers by path (absolute, normalized); other paths fail with ENOENT. */
    final Map<String, FsUsage> statvfs = new LinkedHashMap<>();
    IOException statvfsError;
    /** Fake block device nodes: path → rdev (major * 256 + minor); other paths are stat'ed for real. */
    final Map<String, Long> deviceNodes = new LinkedHashMap<>();

    private static String clean(String p) {
        return Path.of(p).toAbsolutePath().normalize().toString();
    }

    @Override
    public void mount(String source, String target, String fsType, long flags, String data) throws IOException {
        calls.add("mount " + source + " " + clean(target) + " " + fsType + " " + flags + " " + data);
        if (mountError != null) {
            throw mountError;
        }
        mounts.put(clean(target), "0:99");
    }

    @Override
    public void unmount(String target, int flags) throws IOException {
        calls.add("unmount " + clean(target) + " " + flags);
        if (unmountError != null) {
            throw unmountError;
        }
        mounts.remove(clean(target));
    }

    @Override
    public Map<String, Object> stat(String path) throws IOException {
        Long rdev = deviceNodes.get(path);
        if (rdev == null) {
            return ScmBackend.super.stat(path);
        }
        return Map.of("mode", 0060660, "rdev", rdev);
    }

    @Override
    public FsUsage statvfs(String path) throws IOException {
        calls.add("statvfs " + clean(path));
        if (statvfsError != null) {
            throw statvfsError;
        }
        FsUsage u = statvfs.get(clean(path));
        if (u == null) {
            throw new ErrnoException(2, "no such file or directory");
        }
        return u;
    }

    @Override
    public List<String> mountInfo() throws IOException {
        if (mountInfoError != null) {
            throw mountInfoError;
        }
        List<String> lines = new ArrayList<>();
        lines.add("22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw");
        int id = 30;
        for (Map.Entry<String, String> e : mounts.entrySet()) {
            lines.add((id++) + " 22 " + e.getValue() + " / " + e.getKey().replace(" ", "\\040")
                    + " rw,noatime - tmpfs tmpfs rw");
        }
        return lines;
    }

    @Override
    public String probeFilesystem(String device) throws IOException {
        calls.add("probe " + device);
        if (probeError != null) {
            throw probeError;
        }
        return probeOutput;
    }

    @Override
    public void mkfsExt4(String device, boolean force) throws IOException {
        calls.add("mkfs " + device + " force=" + force);
        if (mkfsError != null) {
            throw mkfsError;
        }
    }

    @Override
    public void chown(String path, int uid, int gid) throws IOException {
        if (!Files.isDirectory(Path.of(path))) {
            throw new IOException("chown " + path + ": no such file or directory");
        }
        calls.add("chown " + clean(path) + " " + uid + "." + gid);
    }

    @Override
    public int euid() {
        return euid;
    }

    @Override
    public int egid() {
        return egid;
    }
}
