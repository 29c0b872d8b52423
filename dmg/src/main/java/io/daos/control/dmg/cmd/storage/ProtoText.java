package io.daos.control.dmg.cmd.storage;

import java.nio.charset.StandardCharsets;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;

/**
 * A reply as the v1.0 Go {@code dmg} printed it with {@code %+v}: the compact protobuf text of the
 * Go protobuf library of that time ({@code proto.CompactTextString}). {@code storage prepare}
 * prints each host's reply this way (its client returned the raw reply and the command formatted
 * it with {@code %+v}), and a malformed scan reply is quoted this way in its error.
 *
 * <p>The form, written from the format's rules: fields in declaration order, each as
 * {@code name:value} followed by one blank; a sub-message as {@code name:<fields> } (an empty one
 * as {@code name:<> }); repeated fields once per element; proto3 scalars at their zero value and
 * absent sub-messages left out (a oneof member is written when chosen); enums by name (by number
 * when unknown); strings in double quotes with {@code \n \r \t \" \\} escaped and other bytes
 * below 0x20 or from 0x7f as three-digit octal escapes. For example a successful NVMe and SCM
 * prepare reply is {@code nvme:<state:<> > scm:<state:<> > }.
 */
final class ProtoText {

    private ProtoText() {
    }

    /** The compact text of {@code m} (empty for a message with nothing set). */
    static String compact(MessageOrBuilder m) {
        StringBuilder sb = new StringBuilder();
        fields(sb, m);
        return sb.toString();
    }

    private static void fields(StringBuilder sb, MessageOrBuilder m) {
        for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
            if (f.isRepeated()) {
                int n = m.getRepeatedFieldCount(f);
                for (int i = 0; i < n; i++) {
                    sb.append(f.getName()).append(':');
                    value(sb, f, m.getRepeatedField(f, i));
                    sb.append(' ');
                }
            } else if (m.hasField(f)) { // proto3 scalars: set only when not zero, oneof members when chosen
                sb.append(f.getName()).append(':');
                value(sb, f, m.getField(f));
                sb.append(' ');
            }
        }
    }

    private static void value(StringBuilder sb, FieldDescriptor f, Object v) {
        switch (f.getType()) {
            case MESSAGE, GROUP -> {
                sb.append('<');
                fields(sb, (MessageOrBuilder) v);
                sb.append('>');
            }
            case ENUM -> {
                EnumValueDescriptor e = (EnumValueDescriptor) v;
                boolean known = e.getType().findValueByNumber(e.getNumber()) != null;
                sb.append(known ? e.getName() : Integer.toString(e.getNumber()));
            }
            case STRING -> quote(sb, ((String) v).getBytes(StandardCharsets.UTF_8));
            case BYTES -> quote(sb, ((ByteString) v).toByteArray());
            case UINT32, FIXED32 -> sb.append(Integer.toUnsignedString((Integer) v));
            case UINT64, FIXED64 -> sb.append(Long.toUnsignedString((Long) v));
            default -> sb.append(v);
        }
    }

    private static void quote(StringBuilder sb, byte[] bytes) {
        sb.append('"');
        for (byte b : bytes) {
            int c = b & 0xff;
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        sb.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + (c >> 3 & 7)))
                                .append((char) ('0' + (c & 7)));
                    } else {
                        sb.append((char) c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
