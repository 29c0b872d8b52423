package io.daos.control.dmg.conn;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.grpc.Metadata;
import io.grpc.Status;

/**
 * gRPC's use of HTTP/2 header fields (the gRPC over HTTP/2 protocol): metadata to fields and back
 * ({@code -bin} keys base64 on the wire), the status of a response from its trailers or, failing
 * those, from its HTTP status.
 */
final class GrpcFields {

    private static final String STATUS = "grpc-status";
    private static final String MESSAGE = "grpc-message";

    private GrpcFields() {
    }

    /** Appends the request's own metadata (none of the reserved fields). */
    static void add(List<Map.Entry<String, String>> fields, Metadata headers) {
        if (headers == null) {
            return;
        }
        for (String key : headers.keys()) {
            if (key.startsWith(":") || key.equals("content-type") || key.equals("te") || key.equals("user-agent")
                    || key.startsWith("grpc-")) {
                continue;
            }
            if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                for (byte[] v : headers.getAll(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER))) {
                    fields.add(Map.entry(key, Base64.getEncoder().withoutPadding().encodeToString(v)));
                }
            } else {
                for (String v : headers.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER))) {
                    fields.add(Map.entry(key, v));
                }
            }
        }
    }

    /** The fields as metadata, pseudo-fields left out, {@code -bin} values decoded (comma-separated ones apart). */
    static Metadata of(List<String[]> fields) {
        Metadata md = new Metadata();
        for (String[] f : fields) {
            String key = f[0];
            if (key.startsWith(":")) {
                continue;
            }
            try {
                if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                    Metadata.Key<byte[]> k = Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER);
                    for (String part : f[1].split(",")) {
                        md.put(k, Base64.getDecoder().decode(part.strip()));
                    }
                } else {
                    md.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), f[1]);
                }
            } catch (IllegalArgumentException e) {
                // a field name or value metadata cannot hold: left out
            }
        }
        return md;
    }

    /** The first value of a field, or null. */
    static String get(List<String[]> fields, String name) {
        for (String[] f : fields) {
            if (f[0].equals(name)) {
                return f[1];
            }
        }
        return null;
    }

    /** The trailing metadata the listener sees: without the status fields. */
    static Metadata trailers(Metadata md) {
        md.discardAll(Metadata.Key.of(STATUS, Metadata.ASCII_STRING_MARSHALLER));
        md.discardAll(Metadata.Key.of(MESSAGE, Metadata.ASCII_STRING_MARSHALLER));
        return md;
    }

    /** The status of a response's last header block: {@code grpc-status}, else the HTTP status. */
    static Status status(List<String[]> fields, String httpStatus) {
        String code = get(fields, STATUS);
        if (code == null) {
            return httpStatus == null || httpStatus.equals("200")
                    ? Status.UNKNOWN.withDescription("missing GRPC status in response")
                    : httpStatus(httpStatus);
        }
        Status s;
        try {
            s = Status.fromCodeValue(Integer.parseInt(code.strip()));
        } catch (NumberFormatException e) {
            return Status.UNKNOWN.withDescription("invalid grpc-status: " + code);
        }
        String message = get(fields, MESSAGE);
        return message == null ? s : s.withDescription(percentDecoded(message));
    }

    /** A non-gRPC answer: its HTTP status as gRPC maps it. */
    static Status httpStatus(String httpStatus) {
        int code;
        try {
            code = Integer.parseInt(String.valueOf(httpStatus));
        } catch (NumberFormatException e) {
            return Status.INTERNAL.withDescription("malformed HTTP status: " + httpStatus);
        }
        Status s = switch (code) {
            case 400, 431 -> Status.INTERNAL;
            case 401 -> Status.UNAUTHENTICATED;
            case 403 -> Status.PERMISSION_DENIED;
            case 404 -> Status.UNIMPLEMENTED;
            case 429, 502, 503, 504 -> Status.UNAVAILABLE;
            default -> Status.UNKNOWN;
        };
        return s.withDescription("HTTP status code " + code);
    }

    /** {@code grpc-message}: UTF-8, percent-encoded. */
    static String percentDecoded(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        byte[] raw = value.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length) {
                int hi = Character.digit(raw[i + 1], 16);
                int lo = Character.digit(raw[i + 2], 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi * 16 + lo);
                    i += 2;
                    continue;
                }
            }
            out.write(raw[i]);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
