package io.daos.control.dmg.cli;

import java.util.List;
import java.util.TreeSet;

import io.daos.control.api.fault.FaultException;

/**
 * Steps 1–7 of SPEC-SYSTEM §6.1, run in order before every command (including {@code version}):
 * proxy decision, {@code -d} then {@code -j}, configuration search, load and validation,
 * {@code -l} expansion with the configuration's port, {@code -f} (implemented here), {@code -i}.
 */
public final class Preprocessor {

    private Preprocessor() {
    }

    /**
     * Runs the steps.
     *
     * @throws DmgException   with the reference's text ({@code processing config file: ...}, a host list error)
     * @throws FaultException for a configuration failing validation, with the context of the reference
     */
    public static Session run(Invocation inv, Platform platform, Output out, HostExpander expander)
            throws DmgException, FaultException {
        GlobalOptions g = inv.globals();
        ProxyPolicy proxy = ProxyPolicy.decide(g.allowProxy(), platform.env());
        if (g.debug()) {
            out.enableDebug();
        }
        if (g.json()) {
            out.enableJson();
        }
        ClientConfig cfg;
        try {
            cfg = ClientConfigLoader.load(g.configPath(), platform, out);
        } catch (DmgException e) {
            throw new DmgException("processing config file: " + e.getMessage(), e);
        } catch (FaultException e) {
            throw e.withContext("processing config file");
        }
        List<String> addresses = cfg.hostList();
        if (g.hostList() != null) {
            try {
                addresses = expander.expand(g.hostList(), cfg.port());
            } catch (IllegalArgumentException e) {
                throw new DmgException(e.getMessage(), e);
            }
        }
        if (g.hostFile() != null) {
            List<String> fromFile = HostFile.read(platform.cwd().resolve(g.hostFile()).normalize(), expander,
                    cfg.port());
            if (g.hostList() == null) {
                addresses = fromFile;
            } else {
                TreeSet<String> union = new TreeSet<>(addresses);
                union.addAll(fromFile);
                addresses = List.copyOf(union);
            }
        }
        if (g.insecure()) {
            cfg = cfg.withTransport(cfg.transport().withAllowInsecure(true));
        }
        if (proxy.scrub() && !proxy.variables().isEmpty()) {
            out.debug("ignoring proxy variables " + String.join(", ", proxy.variables()));
        }
        return new Session(inv, cfg, addresses, proxy);
    }
}
