package io.daos.control.dmg.cmd.storage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.daos.control.dmg.text.Sizes;
import io.daos.control.dmg.text.Table;
import io.daos.control.proto.ctl.NvmeController;
import io.daos.control.proto.ctl.NvmeControllerResult;
import io.daos.control.proto.ctl.ResponseState;
import io.daos.control.proto.ctl.ScanNvmeResp;
import io.daos.control.proto.ctl.ScanScmResp;
import io.daos.control.proto.ctl.ScmModule;
import io.daos.control.proto.ctl.ScmMountResult;
import io.daos.control.proto.ctl.ScmNamespace;

/**
 * The texts of the multi-host storage commands (SPEC-SYSTEM §6.6.3): scan summaries, the device
 * tables of verbose scan and format, and the NVMe health listing. Pure functions of the replies.
 */
final class StorageText {

    private StorageText() {
    }

    /** {@code n word} or {@code n words}. */
    static String plural(long n, String word) {
        return n + " " + (n == 1 ? word : word + "s");
    }

    /**
     * A scan's SCM error, or null when the SCM part succeeded: the state's error text, or when that
     * is empty {@code scm <STATUS>} (the reference client's wording).
     */
    static String scmError(ScanScmResp scm) {
        return stateError("scm", scm.getState());
    }

    /** A scan's NVMe error, or null when the NVMe part succeeded ({@code nvme <STATUS>} without a text). */
    static String nvmeError(ScanNvmeResp nvme) {
        return stateError("nvme", nvme.getState());
    }

    /** A failed state's text (its error, or {@code <part> <STATUS>} when the error is empty); null on success. */
    static String stateError(String part, ResponseState s) {
        if (s.getStatusValue() == 0) {
            return null;
        }
        return s.getError().isEmpty() ? part + " " + s.getStatus().name() : s.getError();
    }

    /** The SCM summary cell: the error, the namespaces' SI total, or the modules' IEC total. */
    static String scmSummary(ScanScmResp scm) {
        String err = scmError(scm);
        if (err != null) {
            return "Error: " + err;
        }
        if (scm.getNamespacesCount() > 0) {
            long total = 0;
            for (ScmNamespace n : scm.getNamespacesList()) {
                total += n.getSize();
            }
            return Sizes.si(total) + " (" + plural(scm.getNamespacesCount(), "namespace") + ")";
        }
        long total = 0;
        for (ScmModule m : scm.getModulesList()) {
            total += m.getCapacity();
        }
        return Sizes.iec(total) + " (" + plural(scm.getModulesCount(), "module") + ")";
    }

    /** The NVMe summary cell: the error or the controllers' SI total. */
    static String nvmeSummary(ScanNvmeResp nvme) {
        String err = nvmeError(nvme);
        if (err != null) {
            return "Error: " + err;
        }
        long total = 0;
        for (NvmeController c : nvme.getCtrlrsList()) {
            total += capacity(c);
        }
        return Sizes.si(total) + " (" + plural(nvme.getCtrlrsCount(), "controller") + ")";
    }

    /** A controller's capacity: the sum of its namespaces' sizes. */
    static long capacity(NvmeController c) {
        long total = 0;
        for (NvmeController.Namespace n : c.getNamespacesList()) {
            total += n.getSize();
        }
        return total;
    }

    /** Verbose scan text of one host: the SCM table (or error) then the NVMe table (or error). */
    static String scanDetail(ScanScmResp scm, ScanNvmeResp nvme) {
        StringBuilder sb = new StringBuilder();
        String err = scmError(scm);
        if (err != null) {
            sb.append("SCM Error: ").append(err).append('\n');
        } else if (scm.getNamespacesCount() > 0) {
            List<ScmNamespace> ns = new ArrayList<>(scm.getNamespacesList());
            ns.sort(Comparator.comparing(ScmNamespace::getBlockdev));
            List<String[]> rows = new ArrayList<>();
            for (ScmNamespace n : ns) {
                rows.add(new String[] {n.getBlockdev(), Integer.toUnsignedString(n.getNumaNode()), Sizes.si(n.getSize())});
            }
            sb.append(Table.renderRows(List.of("SCM Namespace", "Socket ID", "Capacity"), rows)).append('\n');
        } else if (scm.getModulesCount() == 0) {
            sb.append("\tNo SCM modules found\n").append('\n');
        } else {
            List<ScmModule> ms = new ArrayList<>(scm.getModulesList());
            ms.sort(Comparator.comparingLong(m -> Integer.toUnsignedLong(m.getPhysicalid())));
            List<String[]> rows = new ArrayList<>();
            for (ScmModule m : ms) {
                rows.add(new String[] {u(m.getPhysicalid()), u(m.getSocketid()), u(m.getControllerid()),
                    u(m.getChannelid()), u(m.getChannelposition()), Sizes.iec(m.getCapacity())});
            }
            sb.append(Table.renderRows(List.of("SCM Module ID", "Socket ID", "Memory Ctrlr ID", "Channel ID",
                    "Channel Slot", "Capacity"), rows)).append('\n');
        }
        err = nvmeError(nvme);
        if (err != null) {
            sb.append("NVMe Error: ").append(err).append('\n');
        } else if (nvme.getCtrlrsCount() == 0) {
            sb.append("\tNo NVMe devices found\n");
        } else {
            List<NvmeController> cs = new ArrayList<>(nvme.getCtrlrsList());
            cs.sort(Comparator.comparing(NvmeController::getPciaddr));
            List<String[]> rows = new ArrayList<>();
            for (NvmeController c : cs) {
                rows.add(new String[] {c.getPciaddr(), c.getModel(), c.getFwrev(), Integer.toString(c.getSocketid()),
                    Sizes.si(capacity(c))});
            }
            sb.append(Table.renderRows(List.of("NVMe PCI", "Model", "FW Revision", "Socket ID", "Capacity"), rows));
        }
        return sb.toString();
    }

    /** A format result cell: {@code <STATUS>[: <error>][ (<info>)]}. */
    static String result(ResponseState s) {
        StringBuilder sb = new StringBuilder(s.getStatus().name());
        if (!s.getError().isEmpty()) {
            sb.append(": ").append(s.getError());
        }
        if (!s.getInfo().isEmpty()) {
            sb.append(" (").append(s.getInfo()).append(')');
        }
        return sb.toString();
    }

    /** Verbose format text of one host: the SCM mount table and the NVMe table, each followed by a newline. */
    static String formatDetail(List<ScmMountResult> scm, List<NvmeControllerResult> nvme) {
        StringBuilder sb = new StringBuilder();
        if (scm.isEmpty()) {
            sb.append("\tNo SCM mount results\n");
        } else {
            List<ScmMountResult> sorted = new ArrayList<>(scm);
            sorted.sort(Comparator.comparing(ScmMountResult::getMntpoint));
            List<String[]> rows = new ArrayList<>();
            for (ScmMountResult r : sorted) {
                rows.add(new String[] {r.getMntpoint(), result(r.getState())});
            }
            sb.append(Table.renderRows(List.of("SCM Mount", "Format Result"), rows));
        }
        sb.append('\n');
        if (nvme.isEmpty()) {
            sb.append("\tNo NVMe devices formatted\n");
        } else {
            List<NvmeControllerResult> sorted = new ArrayList<>(nvme);
            sorted.sort(Comparator.comparing(NvmeControllerResult::getPciaddr));
            List<String[]> rows = new ArrayList<>();
            for (NvmeControllerResult r : sorted) {
                rows.add(new String[] {r.getPciaddr(), result(r.getState())});
            }
            sb.append(Table.renderRows(List.of("NVMe PCI", "Format Result"), rows));
        }
        return sb.append('\n').toString();
    }

    /** The NVMe health listing of one host (the part after {@code <addr>\n\t}). */
    static String health(ScanNvmeResp nvme) {
        String err = nvmeError(nvme);
        if (err != null) {
            return "NVMe Error: " + err;
        }
        StringBuilder sb = new StringBuilder("NVMe controllers and namespaces detail with health statistics:\n");
        if (nvme.getCtrlrsCount() == 0) {
            return sb.append("\t\tnone\n").toString();
        }
        for (NvmeController c : nvme.getCtrlrsList()) {
            sb.append("\t\tPCI:").append(c.getPciaddr()).append(" Model:").append(c.getModel())
                    .append(" FW:").append(c.getFwrev()).append(" Socket:").append(c.getSocketid())
                    .append(" Capacity:").append(Sizes.si(capacity(c))).append('\n');
            if (!c.hasHealthstats()) {
                sb.append("\t\tHealth Stats Unavailable\n");
                continue;
            }
            NvmeController.Health h = c.getHealthstats();
            long temp = Integer.toUnsignedLong(h.getTemp());
            sb.append("\t\tHealth Stats:\n\t\t\tTemperature:").append(temp).append("K(").append(temp - 273).append("C)\n");
            if (h.getTempwarntime() != 0) {
                sb.append("\t\t\t\tTemperature Warning Duration:")
                        .append(goDuration(Integer.toUnsignedLong(h.getTempwarntime()) * 60)).append('\n');
            }
            if (h.getTempcrittime() != 0) {
                sb.append("\t\t\t\tTemperature Critical Duration:")
                        .append(goDuration(Integer.toUnsignedLong(h.getTempcrittime()) * 60)).append('\n');
            }
            sb.append("\t\t\tController Busy Time:").append(goDuration(h.getCtrlbusytime() * 60)).append('\n');
            sb.append("\t\t\tPower Cycles:").append(Long.toUnsignedString(h.getPowercycles())).append('\n');
            sb.append("\t\t\tPower On Duration:").append(goDuration(h.getPoweronhours() * 3600)).append('\n');
            sb.append("\t\t\tUnsafe Shutdowns:").append(Long.toUnsignedString(h.getUnsafeshutdowns())).append('\n');
            sb.append("\t\t\tMedia Errors:").append(Long.toUnsignedString(h.getMediaerrors())).append('\n');
            sb.append("\t\t\tError Log Entries:").append(Long.toUnsignedString(h.getErrorlogentries())).append('\n');
            sb.append("\t\t\tCritical Warnings:\n");
            warn(sb, "\t\t\t\tTemperature: ", h.getTempwarn());
            warn(sb, "\t\t\t\tAvailable Spare: ", h.getAvailsparewarn());
            warn(sb, "\t\t\t\tDevice Reliability: ", h.getReliabilitywarn());
            warn(sb, "\t\t\t\tRead Only: ", h.getReadonlywarn());
            warn(sb, "\t\t\t\tVolatile Memory Backup: ", h.getVolatilewarn());
        }
        return sb.toString();
    }

    /** Appends {@code label} and {@code WARNING} or {@code OK}. */
    static void warn(StringBuilder sb, String label, boolean warning) {
        sb.append(label).append(warning ? "WARNING\n" : "OK\n");
    }

    /** Go's {@code time.Duration} text for whole seconds: {@code 0s}, {@code 5m0s}, {@code 2h0m0s}. */
    static String goDuration(long seconds) {
        if (seconds == 0) {
            return "0s";
        }
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        if (h > 0) {
            return h + "h" + m + "m" + s + "s";
        }
        if (m > 0) {
            return m + "m" + s + "s";
        }
        return s + "s";
    }

    private static String u(int v) {
        return Integer.toUnsignedString(v);
    }
}
