package io.daos.control.drpc;

import java.io.IOException;
import java.net.DatagramPacket;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.newsclub.net.unix.AFDatagramChannel;
import org.newsclub.net.unix.AFDatagramSocket;
import org.newsclub.net.unix.AFUNIXSelectorProvider;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import io.daos.control.api.log.RateLimitedLog;

/**
 * The accepted connections of one {@link DrpcServer}: idle connections wait in one selector
 * (no thread, no buffer each); a connection with a packet ready is handed to a worker, which reads
 * that one packet into a receive buffer borrowed from a small pool, answers it and puts the
 * connection back into the selector. One call per connection is in flight at a time, so calls on
 * a connection are handled strictly in order. Workers are started on demand, at most one per
 * admitted connection, and end after {@link #WORKER_IDLE_SECONDS} without work.
 *
 * <p>Admission is counted here: at most {@code maxConnections} in all and at most
 * {@code maxPerUser} per peer uid (SO_PEERCRED), so one local user cannot take every slot from the
 * I/O servers.
 */
final class ConnectionLoop implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DrpcServer.class.getName());

    /** How long an idle worker thread lives. */
    static final long WORKER_IDLE_SECONDS = 30;
    /** Receive buffers kept for reuse; more are allocated while more calls run at once. */
    static final int SPARE_BUFFERS = 4;
    /** How long a worker waits for the next call on the connection it just answered. */
    static final long HOT_MS = 50;
    private static final ThreadLocal<Selector> OWN_SELECTOR = new ThreadLocal<>();

    /** Why {@link #admit} refused a connection. */
    enum Refusal { TOTAL, PER_USER }

    private final String name;
    private final BiFunction<byte[], Integer, byte[]> handler;
    private final RateLimitedLog peerLog;
    private final Selector selector;
    private final Thread selectorThread;
    private final ThreadPoolExecutor workers;
    private final Queue<Conn> toRegister = new ConcurrentLinkedQueue<>();
    private final Queue<Conn> toRearm = new ConcurrentLinkedQueue<>();
    private final Set<Conn> open = ConcurrentHashMap.newKeySet();
    private final Map<Long, Integer> perUser = new HashMap<>();
    private int admitted;
    private final ArrayBlockingQueue<ByteBuffer> spare = new ArrayBlockingQueue<>(SPARE_BUFFERS);
    private final AtomicLong buffersAllocated = new AtomicLong();
    private final AtomicLong workerIds = new AtomicLong();
    private final AtomicInteger busy = new AtomicInteger();
    private final Set<Thread> workerThreads = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param name for thread names and messages (the socket path)
     * @param handler packet bytes and length to the reply to send
     * @param peerLog where failures a peer can cause are logged
     */
    ConnectionLoop(String name, BiFunction<byte[], Integer, byte[]> handler, RateLimitedLog peerLog)
            throws IOException {
        this.name = name;
        this.handler = handler;
        this.peerLog = peerLog;
        this.selector = AFUNIXSelectorProvider.provider().openSelector();
        this.workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, WORKER_IDLE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), this::newWorker);
        this.selectorThread = DrpcServer.daemon(this::selectLoop, "drpc-select " + name);
        this.selectorThread.start();
    }

    /**
     * Counts a new connection from {@code uid} in, or says why not.
     *
     * @return null if admitted (then {@link #add} or {@link #release} must follow)
     */
    synchronized Refusal admit(long uid, int maxConnections, int maxPerUser) {
        if (admitted >= maxConnections) {
            return Refusal.TOTAL;
        }
        int mine = perUser.getOrDefault(uid, 0);
        if (mine >= maxPerUser) {
            return Refusal.PER_USER;
        }
        perUser.put(uid, mine + 1);
        admitted++;
        return null;
    }

    /** Gives back a slot taken by {@link #admit}. */
    synchronized void release(long uid) {
        if (perUser.computeIfPresent(uid, (k, v) -> v - 1) != null) {
            perUser.remove(uid, 0);
            admitted--;
        }
    }

    /** Serves an admitted connection; on failure it is closed and its slot given back. */
    void add(AFDatagramSocket<AFUNIXSocketAddress> sock, long uid) {
        Conn c = new Conn(sock, uid);
        open.add(c);
        try {
            sock.getChannel().configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            peerLog.warning("drpc-setup " + name, () -> "dRPC connection on " + name + " dropped: "
                    + DrpcServer.describe(e));
            c.close();
            return;
        }
        if (closed) {
            c.close();
            return;
        }
        toRegister.add(c);
        selector.wakeup();
    }

    /** Open connections. */
    int size() {
        return open.size();
    }

    /** Connections out of the selector: being answered, or waiting on a worker for their next call. */
    int busy() {
        return busy.get();
    }

    /** Receive buffers allocated so far (for tests and diagnostics). */
    long buffersAllocated() {
        return buffersAllocated.get();
    }

    private Thread newWorker(Runnable r) {
        Thread t = DrpcServer.daemon(() -> {
            try {
                r.run();
            } finally {
                Selector own = OWN_SELECTOR.get();
                OWN_SELECTOR.remove();
                if (own != null) {
                    DrpcServer.closeQuietly(own);
                }
            }
        }, "drpc-call-" + workerIds.incrementAndGet() + " " + name);
        workerThreads.add(t);
        return t;
    }

    /** This worker thread's selector for {@link Conn#awaitNext}, opened on first use. */
    private static Selector workerSelector() throws IOException {
        Selector s = OWN_SELECTOR.get();
        if (s == null) {
            s = AFUNIXSelectorProvider.provider().openSelector();
            OWN_SELECTOR.set(s);
        }
        return s;
    }

    private void selectLoop() {
        try {
            while (!closed) {
                selector.select();
                if (closed) {
                    return;
                }
                for (Conn c; (c = toRegister.poll()) != null;) {
                    try {
                        c.key = c.channel.register(selector, SelectionKey.OP_READ, c);
                    } catch (IOException | RuntimeException e) {
                        c.close();
                    }
                }
                for (Conn c; (c = toRearm.poll()) != null;) {
                    try {
                        c.key = c.channel.register(selector, SelectionKey.OP_READ, c);
                    } catch (IOException | RuntimeException e) {
                        c.close(); // closed meanwhile
                    }
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    Conn c = (Conn) k.attachment();
                    if (!k.isValid()) {
                        c.close();
                        continue;
                    }
                    if (k.readyOps() == 0) {
                        continue; // listed again by junixsocket though this select saw nothing
                    }
                    // out of the selector until its calls are answered (a registered key would
                    // still report the peer hanging up, and the connection is the worker's now)
                    k.cancel();
                    c.key = null;
                    busy.incrementAndGet();
                    try {
                        workers.execute(c::serve);
                    } catch (RejectedExecutionException e) {
                        busy.decrementAndGet();
                        c.close(); // closing
                    }
                }
            }
        } catch (ClosedSelectorException e) {
            // closing
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.log(Level.SEVERE, "dRPC selector on " + name + " failed; closing its connections: "
                        + DrpcServer.describe(e), e);
                open.forEach(Conn::close);
            }
        }
    }

    private ByteBuffer borrow() {
        ByteBuffer b = spare.poll();
        if (b == null) {
            b = ByteBuffer.allocateDirect(DrpcSockets.RECEIVE_BUFFER);
            buffersAllocated.incrementAndGet();
        }
        b.clear();
        return b;
    }

    private void giveBack(ByteBuffer b) {
        spare.offer(b); // beyond SPARE_BUFFERS it is dropped for the GC
    }

    /**
     * Stops the selector and the workers and closes every connection; waits at most until
     * {@code deadlineNanos} for the threads.
     */
    void close(long deadlineNanos) {
        closed = true;
        selector.wakeup();
        open.forEach(Conn::close);
        workers.shutdownNow();
        DrpcServer.join(selectorThread, deadlineNanos);
        for (Thread t : workerThreads) {
            DrpcServer.join(t, deadlineNanos);
        }
        DrpcServer.closeQuietly(selector);
        open.forEach(Conn::close); // any added while closing
    }

    @Override
    public void close() {
        close(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DrpcServer.CLOSE_WAIT_MS));
    }

    /** One admitted connection. */
    private final class Conn {
        final AFDatagramSocket<AFUNIXSocketAddress> sock;
        final AFDatagramChannel<AFUNIXSocketAddress> channel;
        final long uid;
        volatile SelectionKey key;

        Conn(AFDatagramSocket<AFUNIXSocketAddress> sock, long uid) {
            this.sock = sock;
            this.channel = sock.getChannel();
            this.uid = uid;
        }

        /**
         * Runs on a worker: answers the packet that made the connection readable, then the next
         * ones as long as they follow within {@link #HOT_MS}, then puts the connection back into
         * the selector. A connection in a burst of calls (an I/O server starting) thus keeps its
         * worker and is answered without a hand-off per call; an idle one keeps nothing.
         */
        void serve() {
            SelectionKey own = null;
            try {
                while (handleOne()) {
                    if (closed) {
                        close();
                        return;
                    }
                    if (own == null) {
                        own = channel.register(workerSelector(), SelectionKey.OP_READ);
                    }
                    if (!awaitNext(own)) {
                        toRearm.add(this);
                        selector.wakeup();
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                close();
            } finally {
                if (own != null) {
                    own.cancel(); // this worker's selector only ever watches its current connection
                }
                busy.decrementAndGet();
            }
        }

        /** Waits up to {@link #HOT_MS} on this worker's own selector for the next packet. */
        private boolean awaitNext(SelectionKey own) throws IOException {
            Selector sel = own.selector();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HOT_MS);
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || closed || Thread.currentThread().isInterrupted()) {
                    return false;
                }
                sel.select(left);
                // junixsocket can list a key again after a select that found nothing; its ready
                // set is what this select saw
                boolean ready = sel.selectedKeys().remove(own) && own.isValid() && own.isReadable();
                sel.selectedKeys().clear();
                if (ready) {
                    return true;
                }
            }
        }

        /** Reads and answers one packet; false if the connection was closed. */
        boolean handleOne() {
            ByteBuffer b = borrow();
            try {
                int n;
                try {
                    n = channel.read(b);
                } catch (IOException e) {
                    close(); // reset or closed by the peer, or by us
                    return false;
                }
                if (n <= 0) {
                    // readable but nothing: the peer closed, or sent an empty packet, which the Go
                    // reference also reads as EOF
                    close();
                    return false;
                }
                byte[] packet = new byte[n];
                b.flip();
                b.get(packet);
                byte[] out = handler.apply(packet, n);
                boolean sent = reply(b, out);
                giveBack(b);
                b = null;
                if (!sent) {
                    peerLog.warning("drpc-unread " + name, () -> "dRPC peer on " + name
                            + " does not read its replies; connection closed");
                    close();
                    return false;
                }
                return true;
            } catch (IOException e) {
                close(); // the peer went away before its reply
                return false;
            } catch (Throwable t) { // never let a connection's failure reach stderr
                peerLog.log(Level.WARNING, "drpc-conn-failure " + name, () -> "dRPC connection on " + name
                        + " closed after an unexpected failure: " + t);
                close();
                return false;
            } finally {
                if (b != null) {
                    giveBack(b);
                }
            }
        }

        /** Sends {@code out}; false if the peer's queue is full (it does not read). */
        private boolean reply(ByteBuffer b, byte[] out) throws IOException {
            if (out.length == 0) {
                // a zero-byte reply ({sequence 0, SUCCESS}): channel writes skip empty packets
                sock.send(new DatagramPacket(out, 0));
                return true;
            }
            b.clear();
            b.put(out);
            b.flip();
            return channel.write(b) == out.length;
        }

        void close() {
            SelectionKey k = key;
            if (k != null) {
                k.cancel();
            }
            DrpcServer.closeQuietly(sock);
            if (open.remove(this)) {
                release(uid);
            }
        }
    }
}
