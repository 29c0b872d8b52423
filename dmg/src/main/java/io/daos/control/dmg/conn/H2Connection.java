package io.daos.control.dmg.conn;

import static io.daos.control.dmg.conn.H2Frames.CANCEL;
import static io.daos.control.dmg.conn.H2Frames.DATA;
import static io.daos.control.dmg.conn.H2Frames.FLAG_ACK;
import static io.daos.control.dmg.conn.H2Frames.FLAG_END_HEADERS;
import static io.daos.control.dmg.conn.H2Frames.FLAG_END_STREAM;
import static io.daos.control.dmg.conn.H2Frames.FLAG_PADDED;
import static io.daos.control.dmg.conn.H2Frames.GOAWAY;
import static io.daos.control.dmg.conn.H2Frames.HEADERS;
import static io.daos.control.dmg.conn.H2Frames.PING;
import static io.daos.control.dmg.conn.H2Frames.PUSH_PROMISE;
import static io.daos.control.dmg.conn.H2Frames.RST_STREAM;
import static io.daos.control.dmg.conn.H2Frames.SETTINGS;
import static io.daos.control.dmg.conn.H2Frames.WINDOW_UPDATE;
import static io.daos.control.dmg.conn.H2Frames.int32;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * One HTTP/2 connection to a gRPC server, as a {@link Channel} for generated stubs: {@code dmg}'s
 * own client transport (issue 15: a CLI that makes a handful of calls and exits starts several
 * times faster on plain sockets than on an event-loop framework).
 *
 * <p>One daemon thread per connection resolves the host, connects (trying each address of the
 * name in turn), runs the TLS handshake when {@link Tls} is given (ALPN {@code h2} required, as
 * gRPC requires it), sends the preface and our settings, and then reads frames until the
 * connection ends. {@link #ready()} completes once the server's first SETTINGS arrived (the point
 * at which grpc-java calls a transport ready), or exceptionally with what went wrong. Writes are
 * made by the calling threads under one lock; calls are {@link H2Call}s, one stream each.
 *
 * <p>Flow control: we advertise a 1 GiB window for every stream and the connection and replenish
 * the connection's as data arrives (a message is at most {@value H2Frames#MAX_MESSAGE} bytes, so a
 * stream's never runs out); what we send respects the server's windows and frame size.
 */
final class H2Connection extends Channel {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final int OUR_WINDOW = 1 << 30;
    private static final int DEFAULT_WINDOW = 65_535;
    private static final int HEADER_TABLE_SIZE = 4096;
    private static final int MAX_FRAME = 1 << 24;

    /** The TLS of a connection: the JDK context and the name the server's certificate must carry. */
    record Tls(SSLContext context, String serverName) {
    }

    private final String host;
    private final int port;
    private final Tls tls;
    private final String authority;
    private final Executor executor;
    private final Supplier<ScheduledExecutorService> timers;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Map<Integer, H2Call<?, ?>> streams = new ConcurrentHashMap<>();
    private final Hpack.Decoder decoder = new Hpack.Decoder(HEADER_TABLE_SIZE);
    private final Object writeLock = new Object();
    /** Guards the send windows (the connection's here, each stream's in its call). */
    private final Object flow = new Object();
    private final Thread thread;

    private volatile Socket socket;
    private volatile boolean closed;
    /** Set once the connection can take no more calls: why. */
    private volatile Status gone;
    private OutputStream out;
    private int nextStreamId = 1;
    private int peerMaxFrame = 16_384;
    private int peerInitialWindow = DEFAULT_WINDOW;
    private long sendWindow = DEFAULT_WINDOW;
    private long unacknowledged;

    /**
     * A connection to {@code host:port}, not yet started.
     *
     * @param tls      null for plaintext
     * @param executor runs the callbacks of calls whose options name no executor
     * @param timers   the scheduler of call deadlines, asked for only when a call has one
     */
    H2Connection(String host, int port, Tls tls, Executor executor, Supplier<ScheduledExecutorService> timers) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.executor = executor;
        this.timers = timers;
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        this.authority = tls != null ? tls.serverName() : h + ":" + port;
        this.thread = new Thread(new Reader(), "dmg-conn-" + h + ":" + port);
        thread.setDaemon(true);
    }

    /** Starts connecting; {@link #ready()} tells the outcome. */
    H2Connection start() {
        thread.start();
        return this;
    }

    /** Completes when the connection is ready for calls, exceptionally when it could not be made. */
    CompletableFuture<Void> ready() {
        return ready;
    }

    @Override
    public <Q, A> ClientCall<Q, A> newCall(MethodDescriptor<Q, A> method, CallOptions options) {
        return new H2Call<>(this, method, options);
    }

    @Override
    public String authority() {
        return authority;
    }

    String scheme() {
        return tls != null ? "https" : "http";
    }

    Executor executor() {
        return executor;
    }

    ScheduledExecutorService timers() {
        return timers.get();
    }

    /** Closes the socket (ending the reader thread); every open call ends {@code UNAVAILABLE}. */
    void shutdown() {
        closed = true;
        ready.completeExceptionally(new IOException("connection closed"));
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** Waits for the reader thread to end, at most until {@code deadline} ({@link System#nanoTime()}). */
    void awaitTermination(long deadline) throws InterruptedException {
        long ms = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        thread.join(ms);
    }

    /** The connection's thread (a class, not a method reference: no lambda bootstrap at start). */
    private final class Reader implements Runnable {
        @Override
        public void run() {
            read();
        }
    }

    private void read() {
        Throwable failure = null;
        try {
            connect();
            frames();
        } catch (Throwable t) {
            failure = t;
        } finally {
            Status why = closed ? Status.UNAVAILABLE.withDescription("connection closed by the client")
                    : Status.UNAVAILABLE.withDescription(failure == null || failure.getMessage() == null
                            ? "connection closed by the server" : failure.getMessage()).withCause(failure);
            gone = why;
            ready.completeExceptionally(failure != null ? failure : new EOFException("connection closed"));
            Socket s = socket;
            try {
                if (s != null) {
                    s.close();
                }
            } catch (IOException e) {
                // closing anyway
            }
            for (H2Call<?, ?> call : new ArrayList<>(streams.values())) {
                call.closed(why);
            }
            synchronized (flow) {
                flow.notifyAll();
            }
        }
    }

    private void connect() throws IOException {
        IOException last = null;
        InetAddress[] all = InetAddress.getAllByName(host);
        for (InetAddress address : all) {
            Socket s = new Socket();
            socket = s;
            if (closed) {
                s.close();
                throw new IOException("connection closed by the client");
            }
            try {
                s.connect(new InetSocketAddress(address, port));
                last = null;
                break;
            } catch (IOException e) {
                s.close();
                last = e;
                if (closed) {
                    break;
                }
            }
        }
        if (last != null) {
            throw last;
        }
        Socket s = socket;
        s.setTcpNoDelay(true);
        if (tls != null) {
            s = Handshake.run(tls, s, port);
            socket = s;
            if (closed) {
                s.close();
            }
        }
        OutputStream o = new BufferedOutputStream(s.getOutputStream(), 16_384);
        synchronized (writeLock) {
            out = o;
            o.write(PREFACE);
            // ENABLE_PUSH 0, INITIAL_WINDOW_SIZE 1 GiB; then the connection window to 1 GiB
            byte[] settings = {0, 2, 0, 0, 0, 0, 0, 4, (byte) (OUR_WINDOW >>> 24), 0, 0, 0};
            writeFrame(SETTINGS, 0, 0, settings, 0, settings.length);
            writeFrame(WINDOW_UPDATE, 0, 0, int32(OUR_WINDOW - DEFAULT_WINDOW), 0, 4);
            o.flush();
        }
    }

    /** The first byte of a TLS alert or handshake record (a TLS server's answer to our preface). */
    private static final byte TLS_ALERT = 0x15;
    private static final byte TLS_HANDSHAKE = 0x16;

    /** For a plaintext connection refused at the start: the likely cause, a server that wants TLS. */
    private String plaintextHint() {
        return tls != null ? "" : " (this connection is plaintext: does the server require TLS? see transport_config"
                + " in daos.yml; -i forces plaintext)";
    }

    /** Reads frames until the connection ends. */
    private void frames() throws IOException, Hpack.HpackException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 32_768));
        byte[] header = new byte[9];
        while (true) {
            try {
                in.readFully(header);
            } catch (EOFException e) {
                if (!ready.isDone()) {
                    throw new EOFException("connection closed by the server before HTTP/2 settings" + plaintextHint());
                }
                return;
            }
            if (!ready.isDone() && tls == null && (header[0] == TLS_ALERT || header[0] == TLS_HANDSHAKE)
                    && header[1] == 3) {
                throw new IOException("the server answered with TLS" + plaintextHint());
            }
            int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
            int type = header[3] & 0xff;
            int flags = header[4] & 0xff;
            int stream = int32(header, 5) & 0x7fffffff;
            if (length > MAX_FRAME) {
                throw new IOException("HTTP/2 frame too large: " + length);
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            if (!ready.isDone() && type != SETTINGS) {
                throw new IOException("the server did not start with HTTP/2 settings (frame type " + type + ")");
            }
            switch (type) {
                case DATA -> data(stream, flags, payload);
                case HEADERS -> headers(in, stream, flags, payload);
                case RST_STREAM -> {
                    H2Call<?, ?> call = streams.get(stream);
                    if (call != null && length >= 4) {
                        call.reset(int32(payload, 0));
                    }
                }
                case SETTINGS -> settings(flags, payload);
                case PING -> {
                    if ((flags & FLAG_ACK) == 0) {
                        write(PING, FLAG_ACK, 0, payload);
                    }
                }
                case GOAWAY -> goAway(payload);
                case WINDOW_UPDATE -> windowUpdate(stream, payload);
                case PUSH_PROMISE -> throw new IOException("the server pushed a stream although push is disabled");
                default -> {
                    // PRIORITY and unknown frame types are ignored
                }
            }
        }
    }

    private void data(int stream, int flags, byte[] payload) throws IOException {
        unacknowledged += payload.length;
        if (unacknowledged >= OUR_WINDOW / 2) {
            write(WINDOW_UPDATE, 0, 0, int32((int) unacknowledged));
            unacknowledged = 0;
        }
        H2Call<?, ?> call = streams.get(stream);
        if (call == null) {
            return;
        }
        int start = 0;
        int end = payload.length;
        if ((flags & FLAG_PADDED) != 0 && end > 0) {
            start = 1;
            end -= payload[0] & 0xff;
        }
        if (end < start) {
            throw new IOException("HTTP/2 DATA padding exceeds the frame");
        }
        call.data(payload, start, end - start, (flags & FLAG_END_STREAM) != 0);
    }

    private void headers(DataInputStream in, int stream, int flags, byte[] payload)
            throws IOException, Hpack.HpackException {
        List<String[]> fields = decoder.decode(H2Frames.headerBlock(in, stream, flags, payload, MAX_FRAME));
        H2Call<?, ?> call = streams.get(stream);
        if (call != null) {
            call.headers(fields, (flags & FLAG_END_STREAM) != 0);
        }
    }

    private void settings(int flags, byte[] payload) throws IOException {
        if ((flags & FLAG_ACK) != 0) {
            return;
        }
        for (int i = 0; i + 6 <= payload.length; i += 6) {
            int id = ((payload[i] & 0xff) << 8) | (payload[i + 1] & 0xff);
            int value = int32(payload, i + 2);
            if (id == 4) {
                synchronized (flow) {
                    int delta = value - peerInitialWindow;
                    peerInitialWindow = value;
                    for (H2Call<?, ?> call : streams.values()) {
                        call.sendWindow += delta;
                    }
                    flow.notifyAll();
                }
            } else if (id == 5) {
                synchronized (flow) {
                    peerMaxFrame = value;
                }
            }
        }
        write(SETTINGS, FLAG_ACK, 0, new byte[0]);
        ready.complete(null);
    }

    private void goAway(byte[] payload) {
        int last = payload.length >= 4 ? int32(payload, 0) & 0x7fffffff : 0;
        int code = payload.length >= 8 ? int32(payload, 4) : 0;
        String debug = payload.length > 8 ? new String(payload, 8, payload.length - 8, StandardCharsets.UTF_8) : "";
        Status why = Status.UNAVAILABLE.withDescription("the server closed the connection (GOAWAY, error code "
                + code + (debug.isEmpty() ? "" : ": " + debug) + ")");
        gone = why;
        for (H2Call<?, ?> call : new ArrayList<>(streams.values())) {
            if (call.streamId > last) {
                call.closed(why);
            }
        }
    }

    private void windowUpdate(int stream, byte[] payload) {
        if (payload.length < 4) {
            return;
        }
        int increment = int32(payload, 0) & 0x7fffffff;
        synchronized (flow) {
            if (stream == 0) {
                sendWindow += increment;
            } else {
                H2Call<?, ?> call = streams.get(stream);
                if (call != null) {
                    call.sendWindow += increment;
                }
            }
            flow.notifyAll();
        }
    }

    /**
     * Opens a stream for {@code call} with its header block (ids are taken and used in order).
     *
     * @return the reason the connection cannot take it, or null
     */
    Status open(H2Call<?, ?> call, byte[] block) {
        synchronized (writeLock) {
            Status why = gone;
            if (why != null || out == null) {
                return why != null ? why : Status.UNAVAILABLE.withDescription("connection not ready");
            }
            int id = nextStreamId;
            nextStreamId += 2;
            call.streamId = id;
            synchronized (flow) {
                call.sendWindow = peerInitialWindow;
            }
            streams.put(id, call);
            try {
                writeFrame(HEADERS, FLAG_END_HEADERS, id, block, 0, block.length);
                out.flush();
            } catch (IOException e) {
                streams.remove(id);
                return Status.UNAVAILABLE.withDescription("sending the request failed: " + e.getMessage()).withCause(e);
            }
            return null;
        }
    }

    /** Sends {@code data} on the call's stream within the windows, then END_STREAM if {@code end}. */
    void send(H2Call<?, ?> call, byte[] data, boolean end) throws IOException, InterruptedException {
        int off = 0;
        do {
            int n;
            synchronized (flow) {
                while (true) {
                    if (call.isDone() || gone != null) {
                        return;
                    }
                    long room = Math.min(Math.min(sendWindow, call.sendWindow), peerMaxFrame);
                    if (off == data.length || room > 0) {
                        n = (int) Math.min(room, data.length - off);
                        sendWindow -= n;
                        call.sendWindow -= n;
                        break;
                    }
                    flow.wait();
                }
            }
            boolean last = off + n == data.length;
            synchronized (writeLock) {
                writeFrame(DATA, last && end ? FLAG_END_STREAM : 0, call.streamId, data, off, n);
                out.flush();
            }
            off += n;
        } while (off < data.length);
    }

    /** Forgets the call's stream; tells the server with RST_STREAM CANCEL when {@code reset}. */
    void release(H2Call<?, ?> call, boolean reset) {
        if (streams.remove(call.streamId) == null) {
            return;
        }
        synchronized (flow) {
            flow.notifyAll();
        }
        if (reset) {
            try {
                write(RST_STREAM, 0, call.streamId, int32(CANCEL));
            } catch (IOException e) {
                // the connection is gone: the stream with it
            }
        }
    }

    private void write(int type, int flags, int stream, byte[] payload) throws IOException {
        synchronized (writeLock) {
            if (out == null) {
                return;
            }
            writeFrame(type, flags, stream, payload, 0, payload.length);
            out.flush();
        }
    }

    private void writeFrame(int type, int flags, int stream, byte[] payload, int off, int len) throws IOException {
        byte[] h = {(byte) (len >>> 16), (byte) (len >>> 8), (byte) len, (byte) type, (byte) flags,
            (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream};
        out.write(h);
        out.write(payload, off, len);
    }
}
