package io.daos.control.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The emulated per-server metadata (SMD) device table, derived from the SPDK configuration the
 * control server generates ({@code -n <scm_mount>/daos_nvme.conf}, SPEC-SERVER 4.8): one device
 * per {@code TransportID} line ([Nvme]), per {@code AIO} line ([AIO]) or per LUN ([Malloc]).
 * Each device gets a stable name-based UUID (scm mount + bdev name) and the targets
 * {@code t} with {@code t % devices == index}. No file, no devices.
 */
public final class Devices {
    /** Capacity assumed for a real NVMe controller or a block device of unknown size (1 TB). */
    static final long DEFAULT_CAPACITY = 1_000_204_886_016L;

    /** One device. */
    public record Device(String uuid, String name, long capacity, List<Integer> targets) {
    }

    private Devices() {
    }

    /** Parses {@code conf} (may be null: no devices). {@code bdevClass} is VOS_BDEV_CLASS (or null). */
    public static List<Device> load(Path conf, String scmMount, int targets, String bdevClass, Log log)
            throws IOException {
        List<String[]> found = new ArrayList<>();   // {name, capacity}
        if (conf == null) {
            return List.of();
        }
        String section = "";
        int luns = 0;
        long lunMb = 0;
        for (String raw : Files.readAllLines(conf)) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                continue;
            }
            String[] f = line.split("\\s+");
            switch (section) {
                case "Nvme" -> {
                    if (f[0].equals("TransportID") && f.length >= 3) {
                        found.add(new String[] {f[f.length - 1], Long.toString(DEFAULT_CAPACITY)});
                    }
                }
                case "AIO" -> {
                    if (f[0].equals("AIO") && f.length >= 3) {
                        long size = 0;
                        try {
                            Path p = Path.of(f[1]);
                            if (Files.isRegularFile(p)) {
                                size = Files.size(p);
                            }
                        } catch (RuntimeException | IOException e) {
                            size = 0;
                        }
                        found.add(new String[] {f[2], Long.toString(size > 0 ? size : DEFAULT_CAPACITY)});
                    }
                }
                case "Malloc" -> {
                    if (f[0].equals("NumberOfLuns") && f.length >= 2) {
                        luns = parseInt(f[1], conf);
                    } else if (f[0].equals("LunSizeInMB") && f.length >= 2) {
                        lunMb = parseInt(f[1], conf);
                    }
                }
                default -> { }
            }
        }
        for (int i = 0; i < luns; i++) {
            found.add(new String[] {"Malloc" + i, Long.toString(lunMb << 20)});
        }
        String expect = switch (section) {
            case "AIO" -> "AIO";
            case "Malloc" -> "MALLOC";
            default -> null;
        };
        String cls = bdevClass == null ? null : bdevClass.toUpperCase(Locale.ROOT);
        if (log != null && !found.isEmpty() && !java.util.Objects.equals(expect, cls)) {
            log.warn("VOS_BDEV_CLASS=" + bdevClass + " does not match the [" + section + "] section of " + conf);
        }
        List<Device> out = new ArrayList<>();
        int n = found.size();
        for (int d = 0; d < n; d++) {
            List<Integer> tg = new ArrayList<>();
            for (int t = d; t < targets; t += n) {
                tg.add(t);
            }
            String name = found.get(d)[0];
            out.add(new Device(Uuids.nameBased("daos_engine:" + scmMount + ":" + name), name,
                    Long.parseLong(found.get(d)[1]), List.copyOf(tg)));
        }
        return List.copyOf(out);
    }

    private static int parseInt(String s, Path conf) throws IOException {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IOException("bad number '" + s + "' in " + conf);
        }
    }
}
