package io.daos.control.control.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import io.daos.control.api.grpc.Bounds;
import io.daos.control.api.storage.BdevProvider;
import io.daos.control.api.storage.StorageException;
import io.daos.control.proto.ctl.PrepareNvmeReq;
import io.daos.control.proto.ctl.StoragePrepareReq;

/**
 * The edge checks of the {@code ctl.MgmtCtl} methods this bundle serves (issue 10): every request
 * field that reaches a provider, the kernel, a system lookup, the log or a message is bounded here
 * first, and a value out of bounds is {@code INVALID_ARGUMENT} naming the field and quoting at most
 * a short prefix ({@link Bounds}). StorageScan and NetworkListProviders have no fields;
 * StorageFormat's and PrepareScmReq's are one flag each. The limits are listed in docs/limits.md.
 */
final class RequestChecks {

    /** Characters of a PCI address list (4096 full addresses with their separators fit). */
    static final int PCI_LIST_CHARS = 64 * 1024;
    /** A PCI address {@code [domain:]bus:device.function}, as SPDK's setup script matches them. */
    static final Pattern PCI_ADDRESS =
            Pattern.compile("(?:[0-9a-fA-F]{4,8}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]");

    private RequestChecks() {
    }

    /**
     * StoragePrepare: {@code nvme.targetuser} a POSIX user name (or empty), {@code nvme.pciwhitelist}
     * a list of PCI addresses, {@code nvme.nrhugepages} from 0 (the default) to what the host's
     * memory holds ({@code maxHugepages}, no upper bound when unknown). {@code scm.reset} is a flag.
     */
    static StoragePrepareReq storagePrepare(StoragePrepareReq req, OptionalLong maxHugepages) {
        if (req.hasNvme()) {
            PrepareNvmeReq n = req.getNvme();
            Bounds.posixName("nvme.targetuser", n.getTargetuser());
            pciAddresses("nvme.pciwhitelist", n.getPciwhitelist());
            Bounds.range("nvme.nrhugepages", n.getNrhugepages(), 0, maxHugepages.orElse(Integer.MAX_VALUE));
        }
        return req;
    }

    /** NetworkScanDevices: {@code provider} a name ({@link Bounds#NAME}). */
    static String networkScan(String provider) {
        return Bounds.string("provider", provider, Bounds.NAME);
    }

    /**
     * The PCI addresses of a whitespace- or comma-separated list (as the NVMe preparer reads it):
     * at most {@link #PCI_LIST_CHARS} characters, {@link Bounds#LIST} entries, each a PCI address.
     */
    static List<String> pciAddresses(String field, String list) {
        Bounds.string(field, list, PCI_LIST_CHARS);
        List<String> out = new ArrayList<>();
        for (String a : list.split("[\\s,]+")) {
            if (a.isEmpty()) {
                continue;
            }
            if (!PCI_ADDRESS.matcher(a).matches()) {
                throw Bounds.invalid(field, "not a PCI address: " + Bounds.quote(a));
            }
            out.add(a);
        }
        return Bounds.list(field, out, Bounds.LIST);
    }

    /**
     * The most hugepages this host's memory holds (MemTotal / Hugepagesize, as the provider reads
     * them); empty without a provider or when it cannot tell (the provider checks again then).
     */
    static OptionalLong maxHugepages(BdevProvider bdev) {
        if (bdev == null) {
            return OptionalLong.empty();
        }
        try {
            return bdev.hugepages().maxPages();
        } catch (StorageException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
