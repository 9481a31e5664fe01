package io.github.dbn4j.backend.nd4j;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.dnnl_a;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_forward_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_logistic;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_tanh;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_inference;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_create_with_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_default_flags;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import java.lang.ref.Cleaner;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * FLOAT32 sigmoid and tanh by oneDNN's element-wise primitives, on the arrays' native memory: no
 * staging through the heap, vector code compiled at run time for the CPU found, and the threads
 * of the pool that already runs the FLOAT32 products ({@link Sgemm}), so the element-wise work of
 * a large matrix uses every core instead of one. Used when {@link Sgemm} runs on oneDNN and a
 * matrix has at least {@link #MIN_ELEMENTS} values; below that it gains nothing over the Java
 * kernels (2,048 values took the same time either way).
 *
 * <p>Each value depends only on its input and the CPU's instruction set, so results are the same
 * from run to run and for any thread count. They differ from the Java kernels' in the last bits:
 * within 5 ulps of the correctly rounded sigmoid (4.5 measured, in the far tail; 2.8 over [-12, 12])
 * and 1.5 of tanh (1.2 measured), as the backend's tests hold; the sigmoid keeps its relative
 * accuracy down to about -87, where its value nears float's smallest normal number, and is 0
 * below.
 *
 * <p>One primitive per function and length, made on first use and kept (the least recently
 * made is dropped beyond {@link #CAPACITY}); a call on a kept one allocates nothing. One
 * instance per backend, as the backend, not thread-safe; its native objects are released when it
 * becomes unreachable.
 */
final class Eltwise {

    /** Matrices smaller than this stay on the Java kernels (measured: docs/PERFORMANCE.md). */
    static final int MIN_ELEMENTS = 4096;
    /** Primitives kept per instance: one per function and matrix length in use. */
    static final int CAPACITY = 32;

    private static final Cleaner CLEANER = Cleaner.create();
    private static final dnnl_engine ENGINE = engine();

    /** One function at one length: its primitive, its two memory objects and their arguments. */
    private record Slot(int alg, long length, dnnl_primitive primitive, dnnl_memory src, dnnl_memory dst,
                        dnnl_exec_arg_t args) {
        void release() {
            dnnl_primitive_destroy(primitive);
            dnnl_memory_destroy(src);
            dnnl_memory_destroy(dst);
            args.deallocate();
        }
    }

    /** The native handles, apart from the instance so that the cleaner can release them. */
    private static final class Handles implements Runnable {
        dnnl_stream stream;
        /** Made slots; null where none is (yet, or after a failure). */
        final Slot[] slots = new Slot[CAPACITY];

        void release(int i) {
            if (slots[i] != null) {
                slots[i].release();
                slots[i] = null;
            }
        }

        @Override
        public void run() {
            for (int i = 0; i < CAPACITY; i++) {
                release(i);
            }
            if (stream != null) {
                dnnl_stream_destroy(stream);
                stream = null;
            }
        }
    }

    private final Handles h = new Handles();
    private final PointerPointer<?> out = new PointerPointer<>(1);
    /** Slots in use, and the next to reuse when all are. */
    private int used;
    private int next;

    private Eltwise() {
    }

    /** A new instance, or null when FLOAT32 products do not run on oneDNN. */
    static Eltwise createIfAvailable() {
        if (ENGINE == null || !Sgemm.implementation().equals("onednn")) {
            return null;
        }
        Eltwise e = new Eltwise();
        CLEANER.register(e, e.h);
        return e;
    }

    /** {@code out = 1 / (1 + exp(-a))} over {@code n} floats; {@code out} may be {@code a}. */
    void sigmoid(FloatPointer a, FloatPointer out, long n) {
        run(dnnl_eltwise_logistic, a, out, n);
    }

    /** {@code out = tanh(a)} over {@code n} floats; {@code out} may be {@code a}. */
    void tanh(FloatPointer a, FloatPointer out, long n) {
        run(dnnl_eltwise_tanh, a, out, n);
    }

    private void run(int alg, FloatPointer a, FloatPointer b, long n) {
        Slot slot = slot(alg, n);
        check(dnnl_memory_set_data_handle(slot.src(), a), "setting the source of", alg, n);
        check(dnnl_memory_set_data_handle(slot.dst(), b), "setting the destination of", alg, n);
        check(dnnl_primitive_execute(slot.primitive(), h.stream, 2, slot.args()), "running", alg, n);
        check(dnnl_stream_wait(h.stream), "waiting for", alg, n);
    }

    private Slot slot(int alg, long n) {
        for (int i = 0; i < used; i++) {
            Slot s = h.slots[i];
            if (s != null && s.alg() == alg && s.length() == n) {
                return s;
            }
        }
        if (h.stream == null) {
            check(dnnl_stream_create(out, ENGINE, dnnl_stream_default_flags), "creating a stream for", alg, n);
            h.stream = new dnnl_stream(out.get(0));
        }
        int i;
        if (used < CAPACITY) {
            i = used++;
        } else {
            i = next;
            next = (next + 1) % CAPACITY;
            h.release(i);
        }
        check(dnnl_memory_desc_create_with_tag(out, 1, new long[] {n}, dnnl_f32, dnnl_a), "describing", alg, n);
        dnnl_memory_desc md = new dnnl_memory_desc(out.get(0));
        try {
            check(dnnl_eltwise_forward_primitive_desc_create(out, ENGINE, dnnl_forward_inference, alg, md, md, 0f, 0f,
                    null), "planning", alg, n);
            dnnl_primitive_desc pd = new dnnl_primitive_desc(out.get(0));
            try {
                check(dnnl_primitive_create(out, pd), "compiling", alg, n);
            } finally {
                dnnl_primitive_desc_destroy(pd);
            }
            dnnl_primitive p = new dnnl_primitive(out.get(0));
            check(dnnl_memory_create(out, md, ENGINE, null), "creating the source of", alg, n);
            dnnl_memory s = new dnnl_memory(out.get(0));
            check(dnnl_memory_create(out, md, ENGINE, null), "creating the destination of", alg, n);
            dnnl_memory d = new dnnl_memory(out.get(0));
            dnnl_exec_arg_t args = new dnnl_exec_arg_t(2);
            args.position(0).arg(DNNL_ARG_SRC).memory(s);
            args.position(1).arg(DNNL_ARG_DST).memory(d);
            args.position(0);
            h.slots[i] = new Slot(alg, n, p, s, d, args);
            return h.slots[i];
        } finally {
            dnnl_memory_desc_destroy(md);
        }
    }

    private static void check(int status, String what, int alg, long n) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN failed " + what + " the " + (alg == dnnl_eltwise_tanh ? "tanh"
                    : "sigmoid") + " of " + n + " floats, status " + status);
        }
    }

    /** The CPU engine, or null (logged by {@link Sgemm} already) when oneDNN cannot run here. */
    private static dnnl_engine engine() {
        try {
            PointerPointer<?> p = new PointerPointer<>(1);
            if (dnnl_engine_create(p, dnnl_cpu, 0) == dnnl_success) {
                return new dnnl_engine(p.get(0));
            }
        } catch (LinkageError | RuntimeException e) {
            // as Sgemm: without oneDNN the Java kernels serve
        }
        return null;
    }
}
