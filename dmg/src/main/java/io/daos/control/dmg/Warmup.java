package io.daos.control.dmg;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.daos.control.proto.ctl.Control;
import io.daos.control.proto.mgmt.Mgmt;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * Issue 15's head start. {@link #start()}: what a command that calls a server will need,
 * initialised on a second thread while the main thread parses the arguments, reads the
 * configuration and connects: the generated descriptors of the control and management protocols
 * (and with them protobuf's version check, which starts java.util.logging) and gRPC's status and
 * metadata. Class initialisation is done once, by whichever thread comes first; the other waits
 * for it, so nothing is done twice.
 *
 * <p>{@link #train()}: for the run that creates the class-data archive ({@code bin/dmg} sets
 * {@value #TRAIN}): every class of dmg, of the two protocols and of the gRPC and protobuf
 * runtimes is loaded (not initialised), so that the archive serves every command, not only the
 * one that happened to create it.
 */
final class Warmup implements Runnable {

    /** The system property that asks for {@link #train()}. */
    static final String TRAIN = "dmg.cds.train";
    private static final List<String> TRAINED = List.of("io/daos/control/dmg/", "io/daos/control/api/",
            "io/daos/control/proto/ctl/", "io/daos/control/proto/mgmt/", "io/grpc/", "com/google/protobuf/");

    /** Starts the head start on a daemon thread. */
    static void start() {
        Thread t = new Thread(new Warmup(), "dmg-warmup");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        try {
            Control.getDescriptor();
            Status.OK.getCode();
            new Metadata();
            Mgmt.getDescriptor();
        } catch (RuntimeException | LinkageError e) {
            // only a head start: the command meets the same failure itself and reports it
        }
    }

    /** Loads every class of {@link #TRAINED} from the jar dmg runs from (nothing when it runs from a directory). */
    static void train() {
        ClassLoader loader = Warmup.class.getClassLoader();
        try (ZipFile jar = new ZipFile(Path.of(Warmup.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toFile())) {
            for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements();) {
                String name = e.nextElement().getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class") && trained(name)) {
                    try {
                        Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                    } catch (ClassNotFoundException | LinkageError x) {
                        // a class of an optional part (Netty's TLS): not for the archive
                    }
                }
            }
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            // not a jar, or unreadable: the archive holds what the command itself loads
        }
    }

    private static boolean trained(String name) {
        for (String prefix : TRAINED) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
