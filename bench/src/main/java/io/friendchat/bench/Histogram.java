package io.friendchat.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Log-linear latency histogram in microseconds: exact below 128 µs, then 64 sub-buckets per
 * power of two (under 1.6 % error). Recording is one atomic add, so millions of deliveries
 * cost a fixed 4 KiB array, never a sorted list. Safe to record from many threads.
 */
final class Histogram {
    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;
    private static final int LINEAR = 2 * SUB;
    private static final int BUCKETS = LINEAR + (64 - SUB_BITS - 1) * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void recordMicros(long micros) {
        counts.incrementAndGet(index(Math.max(0, micros)));
    }

    static int index(long v) {
        if (v < LINEAR) {
            return (int) v;
        }
        int exp = 63 - Long.numberOfLeadingZeros(v); // >= SUB_BITS + 1
        int sub = (int) (v >>> (exp - SUB_BITS)) & (SUB - 1);
        return LINEAR + (exp - SUB_BITS - 1) * SUB + sub;
    }

    /** The upper bound of a bucket, so a reported percentile never flatters the server. */
    static long upperBound(int index) {
        if (index < LINEAR) {
            return index;
        }
        int exp = (index - LINEAR) / SUB + SUB_BITS + 1;
        int sub = (index - LINEAR) % SUB;
        long base = (long) (SUB + sub) << (exp - SUB_BITS);
        return base + (1L << (exp - SUB_BITS)) - 1;
    }

    long count() {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** Value at quantile q (0..1) in µs, or -1 when nothing was recorded. */
    long percentile(double q) {
        long total = count();
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank && seen > 0) {
                return upperBound(i);
            }
        }
        return upperBound(BUCKETS - 1);
    }
}
