package dev.axiom.bench;

import ai.djl.pytorch.jni.JniUtils;

/** Engine settings for measurements: offline DJL and a fixed number of intra-op threads. */
final class Engine {

    private Engine() {}

    /** Makes DJL offline and sets PyTorch's intra-op threads (0 keeps PyTorch's default). */
    static void configure(int threads) {
        System.setProperty("ai.djl.offline", "true");
        ai.djl.engine.Engine.getEngine("PyTorch");
        if (threads > 0) {
            JniUtils.setNumThreads(threads);
        }
    }
}
