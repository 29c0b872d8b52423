package io.daos.control.itest.fuzz;

import java.io.IOException;
import java.net.DatagramPacket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

import org.newsclub.net.unix.AFSocketType;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.proto.auth.Credential;
import io.daos.control.proto.auth.Flavor;
import io.daos.control.proto.auth.Sys;
import io.daos.control.proto.auth.Token;
import io.daos.control.proto.auth.ValidateCredReq;
import io.daos.control.proto.auth.ValidateCredResp;
import io.daos.control.proto.drpc.Call;
import io.daos.control.proto.drpc.Response;
import io.daos.control.proto.drpc.Status;

/**
 * Credential validation (dRPC module 4, {@code SEC_VALIDATE_CREDS}) of a secure node, fuzzed on
 * its {@code daos_server.sock} as an engine would call it. Request {@code i} (seeded by
 * {@link RequestMutator#requestSeed}{@code (seed, "creds", i)}) is one of: a mutated
 * {@code ValidateCredReq} (origins from a list that means something here: the agent, other roles,
 * paths, long names); a credential over a mutated {@code Sys} token signed with the agent's key
 * (origin {@code agent}, whose certificate is in {@code client_cert_dir}); the same tampered after
 * signing; or signed with the admin key. Every packet must be answered with its sequence, and the
 * answer must be right: the genuinely signed ones accepted with their token, every other one
 * refused. An accepted forgery or a refused genuine credential is {@link Outcome#BROKEN}.
 */
final class CredentialFuzzer {

    static final String TARGET = "drpc module 4 (credentials)";
    private static final List<String> ORIGINS = List.of("agent", "server", "admin", "nobody", "../certs/agent",
            "agent.crt", "", "a/b", "agent\u0000", "x".repeat(300), "AGENT", ".", "..");

    private final Path socket;
    private final long seed;
    private final int timeoutMs;
    private final PrivateKey agent;
    private final PrivateKey admin;
    private final RequestMutator mutator = new RequestMutator(Map.of(), Map.of("origin", ORIGINS));
    private final Tally tally;

    CredentialFuzzer(Path socket, long seed, int timeoutMs, PrivateKey agent, PrivateKey admin, Tally tally) {
        this.socket = socket;
        this.seed = seed;
        this.timeoutMs = timeoutMs;
        this.agent = agent;
        this.admin = admin;
        this.tally = tally;
    }

    /** A request body, its kind, and whether the node must accept it. */
    record Request(byte[] body, String kind, boolean genuine, Token token) {
    }

    Request request(int index) throws GeneralSecurityException {
        Random rnd = new Random(RequestMutator.requestSeed(seed, "creds", index));
        for (int attempt = 0; ; attempt++) { // bodies over the packet limit are drawn again
            Request r = draw(rnd);
            if (r.body().length <= DrpcIds.MAX_MSG_SIZE - 64 || attempt >= 20) {
                return r;
            }
        }
    }

    private Request draw(Random rnd) throws GeneralSecurityException {
        int pick = rnd.nextInt(100);
        if (pick < 40) {
            RequestMutator.Request m = mutator.next(ValidateCredReq.getDescriptor(), rnd);
            return new Request(m.bytes(), "mutated-" + m.kind(), false, null);
        }
        byte[] sys = mutator.next(Sys.getDescriptor(), rnd).bytes();
        Token token = Token.newBuilder().setFlavor(Flavor.AUTH_SYS).setData(ByteString.copyFrom(sys)).build();
        byte[] signature = sign(token, pick < 90 ? agent : admin);
        String kind = pick < 70 ? "signed" : pick < 90 ? "tampered" : "signed-by-admin";
        Token signed = token;
        if (kind.equals("tampered")) {
            if (rnd.nextBoolean() && signature.length > 0) {
                signature[rnd.nextInt(signature.length)] ^= (byte) (1 + rnd.nextInt(255));
            } else {
                signed = token.toBuilder().setData(ByteString.copyFrom(sys).concat(ByteString.copyFrom(new byte[] {
                    (byte) rnd.nextInt()}))).build();
            }
        }
        Credential cred = Credential.newBuilder().setToken(signed).setOrigin("agent")
                .setVerifier(Token.newBuilder().setFlavor(Flavor.AUTH_SYS).setData(ByteString.copyFrom(signature)))
                .build();
        return new Request(ValidateCredReq.newBuilder().setCred(cred).build().toByteArray(), kind,
                kind.equals("signed"), signed);
    }

    private static byte[] sign(Token token, PrivateKey key) throws GeneralSecurityException {
        Signature s = Signature.getInstance("SHA512withRSA");
        s.initSign(key);
        s.update(token.toByteArray());
        return s.sign();
    }

    private AFUNIXDatagramSocket connect() throws IOException {
        AFUNIXDatagramSocket s = AFUNIXDatagramSocket.newInstance(AFSocketType.SOCK_SEQPACKET);
        s.setSoTimeout(timeoutMs);
        s.connect(AFUNIXSocketAddress.of(socket));
        return s;
    }

    /** Sends requests {@code from} to {@code to - 1}, one connection (a new one after a failure). */
    void run(int from, int to, BooleanSupplier alive) throws Exception {
        AFUNIXDatagramSocket s = null;
        byte[] in = new byte[DrpcIds.MAX_MSG_SIZE + 1];
        try {
            for (int i = from; i < to; i++) {
                Request r = request(i);
                byte[] call = Call.newBuilder().setModule(DrpcIds.MODULE_SEC).setMethod(DrpcIds.SEC_VALIDATE_CREDS)
                        .setSequence(i).setBody(ByteString.copyFrom(r.body())).build().toByteArray();
                String detail = "#" + i + " kind=" + r.kind() + " bytes=" + call.length;
                Outcome o;
                try {
                    if (s == null) {
                        s = connect();
                    }
                    s.send(new DatagramPacket(call, call.length));
                    DatagramPacket p = new DatagramPacket(in, in.length);
                    s.receive(p);
                    Response resp = Response.parseFrom(ByteString.copyFrom(in, 0, p.getLength()));
                    String why = judge(r, call.length, i, resp);
                    o = why == null ? Outcome.OK : Outcome.BROKEN;
                    detail += ": " + resp.getStatus() + (why == null ? "" : " " + why);
                } catch (IOException e) {
                    o = DrpcFuzzer.failure(e, alive);
                    detail += ": " + DrpcFuzzer.failureText(e, timeoutMs);
                    DrpcFuzzer.close(s);
                    s = null;
                }
                tally.add(TARGET + " " + r.kind().replaceAll("^mutated-.*", "mutated"), o, detail);
                if (o == Outcome.CRASH) {
                    return;
                }
            }
        } finally {
            DrpcFuzzer.close(s);
        }
    }

    /** What is wrong with {@code resp} to request {@code r} sent as call {@code seq} (null: right). */
    static String judge(Request r, int callBytes, long seq, Response resp) {
        if (callBytes > DrpcIds.MAX_MSG_SIZE) {
            return resp.getSequence() == -1 ? null : "oversize packet answered with sequence " + resp.getSequence();
        }
        if (resp.getSequence() != seq) {
            return "sequence " + resp.getSequence() + ", expected " + seq;
        }
        if (resp.getStatus() != Status.SUCCESS) {
            return r.genuine() ? "a genuine credential's call failed" : null;
        }
        ValidateCredResp v;
        try {
            v = ValidateCredResp.parseFrom(resp.getBody());
        } catch (InvalidProtocolBufferException e) {
            return "the reply body does not decode: " + e.getMessage();
        }
        if (r.genuine()) {
            return v.getStatus() == 0 && v.getToken().equals(r.token()) ? null
                    : "genuine credential refused: status " + v.getStatus();
        }
        return v.getStatus() != 0 ? null : "ACCEPTED a credential that is not genuine";
    }
}
