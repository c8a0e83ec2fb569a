package org.pgstat4j.protocol;

/**
 * Derives the byte offsets of a C struct from its field sizes, field by field, as a 64-bit
 * LP64 compiler lays it out (spec "Conventions"): each field at the next offset its own
 * alignment allows, the whole struct padded to its largest alignment.
 *
 * <p>Used only in static initialisers, in field order: each message record declares its
 * fields as {@code static final int} offsets taken from one {@code Layout}, so the record
 * reads like the spec's offset table and no offset or size is written down twice. The one
 * way to misuse it: declaring fields out of struct order, which shifts every later offset
 * (the golden-bytes tests catch that).
 */
public final class Layout {
    private int next;
    private int alignment;

    private Layout(int start, int alignment) {
        this.next = start;
        this.alignment = alignment;
    }

    /** A message struct: fields start after {@code PgStat_MsgHdr} (two 4-byte ints). */
    public static Layout message() {
        return new Layout(Wire.HEADER_SIZE, 4);
    }

    /** A struct of its own (an array entry): fields start at 0. */
    public static Layout struct() {
        return new Layout(0, 1);
    }

    /** A 4-byte field: {@code int}, {@code Oid}, an enum. */
    public int int32() {
        return field(4, 4);
    }

    /** An 8-byte field: {@code PgStat_Counter}, {@code TimestampTz}, {@code size_t}. */
    public int int64() {
        return field(8, 8);
    }

    /** A 1-byte {@code bool}. */
    public int bool() {
        return field(1, 1);
    }

    /** A {@code char[n]} (e.g. {@code NameData}). */
    public int chars(int n) {
        return field(n, 1);
    }

    /** Offset of a trailing variable-length array: where it starts, aligned to {@code entryAlignment}. */
    public int flexibleArray(int entryAlignment) {
        return field(0, entryAlignment);
    }

    /** The struct's size: the end of the last field, padded to the largest alignment. */
    public int size() {
        return align(next, alignment);
    }

    private int field(int size, int align) {
        int at = align(next, align);
        next = at + size;
        alignment = Math.max(alignment, align);
        return at;
    }

    private static int align(int offset, int align) {
        return (offset + align - 1) / align * align;
    }
}
