/**
 * ONNX export and serving: {@link dev.axiom.onnx.OnnxExporter} writes a trained network as ONNX
 * (opset 17), optionally with the expected-gradients attribution head built from the same
 * per-layer input-gradient rules as training; {@link dev.axiom.onnx.OnnxRuntimeModel} runs an
 * export in ONNX Runtime (CPU, or CUDA with the GPU build); {@link dev.axiom.onnx.ServeCheck} and
 * {@link dev.axiom.onnx.Golden} compare it with Axiom.
 */
package dev.axiom.onnx;
