package io.daos.control.harness.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import com.google.protobuf.TextFormat;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcModule;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.proto.srv.BioErrorReq;
import io.daos.control.proto.srv.NotifyReadyReq;

/**
 * The srv dRPC module (module 3, SPEC-SERVER §3.9) that the I/O servers call on
 * {@code daos_server.sock}: NotifyReady (301) hands the instance its dRPC socket and wakes the
 * harness, BioErr (302) is logged. Both check the instance index and that the socket they name is
 * a socket; the texts are the reference's.
 */
@Component(service = DrpcModule.class)
public final class SrvModule implements DrpcModule {

    private static final Logger LOG = Logger.getLogger(SrvModule.class.getName());

    @Reference
    private LocalInstances harness;

    public SrvModule() {
    }

    SrvModule(LocalInstances harness) {
        this.harness = harness;
    }

    @Override
    public int moduleId() {
        return DrpcIds.MODULE_SRV;
    }

    @Override
    public byte[] handle(int method, byte[] body) throws DrpcException {
        switch (method) {
            case DrpcIds.SRV_NOTIFY_READY -> {
                NotifyReadyReq req = parse(NotifyReadyReq.parser(), body, "NotifyReady");
                IOServerInstance inst = instance(req.getInstanceIdx());
                Path sock = checkSocket("NotifyReady", req.getDrpcListenerSock());
                inst.notifyReady(req, sock);
                return new byte[0];
            }
            case DrpcIds.SRV_BIO_ERR -> {
                BioErrorReq req = parse(BioErrorReq.parser(), body, "BioErr");
                IOServerInstance inst = instance(req.getInstanceIdx());
                checkSocket("BioErr", req.getDrpcListenerSock());
                LOG.severe("I/O server instance " + inst.index + " (target " + req.getTgtId()
                        + ") has detected blob I/O error! " + TextFormat.shortDebugString(req));
                return new byte[0];
            }
            default -> throw new DrpcException(DrpcStatus.UNKNOWN_METHOD, "unknown srv method " + method);
        }
    }

    private static <T> T parse(Parser<T> parser, byte[] body, String name) throws DrpcException {
        try {
            return parser.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new DrpcException(DrpcStatus.FAILED_UNMARSHAL_PAYLOAD,
                    "unmarshal " + name + " request: " + e.getMessage(), e);
        }
    }

    private IOServerInstance instance(int idx) throws DrpcException {
        List<IOServerInstance> all = harness.instances();
        if (idx < 0 || idx >= all.size()) {
            throw new DrpcException(DrpcStatus.FAILURE, "instance index " + Integer.toUnsignedString(idx)
                    + " is out of range (" + all.size() + " instances)");
        }
        return all.get(idx);
    }

    static Path checkSocket(String what, String path) throws DrpcException {
        String prefix = "check " + what + " request socket path: ";
        if (path == null || path.isEmpty()) {
            throw new DrpcException(DrpcStatus.FAILURE, prefix + "socket path empty");
        }
        Path p = Path.of(path);
        int mode;
        try {
            mode = (Integer) Files.getAttribute(p, "unix:mode");
        } catch (IOException | UnsupportedOperationException e) {
            throw new DrpcException(DrpcStatus.FAILURE, prefix + "socket path \"" + path
                    + "\" could not be accessed: " + e, e);
        }
        if ((mode & 0170000) != 0140000) {
            throw new DrpcException(DrpcStatus.FAILURE, prefix + "path \"" + path + "\" is not a socket");
        }
        return p;
    }
}
