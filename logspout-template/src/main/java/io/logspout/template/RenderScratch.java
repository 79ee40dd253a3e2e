package io.logspout.template;

import java.io.Writer;

/**
 * Per-thread buffers for rendering, so that a line costs no new builder: route senders render
 * on their own long-lived threads, each reusing its scratch for every message.
 *
 * <p>Ownership: {@link #acquire()} hands the thread's scratch to one render, which gives it back
 * with {@link #release()} before returning. A render nested in another on the same thread (an
 * adapter function that renders a template) gets a fresh scratch instead.
 */
final class RenderScratch {
    private static final int INITIAL_CHARS = 512;
    /** A builder grown past this by one huge line is dropped rather than kept for the thread. */
    private static final int RETAINED_CHARS = 64 * 1024;
    private static final ThreadLocal<RenderScratch> CURRENT = ThreadLocal.withInitial(RenderScratch::new);

    StringBuilder text = new StringBuilder(INITIAL_CHARS);
    final RenderContext context = new RenderContext();
    /** Appends to {@link #text}: what Pebble writes into. */
    final Writer writer = new Writer() {
        @Override
        public void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
        }

        @Override
        public void write(String s, int offset, int length) {
            text.append(s, offset, offset + length);
        }

        @Override
        public void write(int c) {
            text.append((char) c);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private boolean inUse;

    static RenderScratch acquire() {
        RenderScratch scratch = CURRENT.get();
        if (scratch.inUse) {
            scratch = new RenderScratch();
        }
        scratch.inUse = true;
        scratch.text.setLength(0);
        return scratch;
    }

    void release() {
        inUse = false;
        context.forget();
        if (text.capacity() > RETAINED_CHARS) {
            text = new StringBuilder(INITIAL_CHARS);
        }
    }
}
