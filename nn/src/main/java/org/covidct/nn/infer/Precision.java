package org.covidct.nn.infer;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;
import org.covidct.core.CovidctException;

/**
 * Arithmetic of the fast inference path. bfloat16 is not offered: DJL 0.36's PyTorch JNI has no
 * mapping for it and aborts the JVM on conversion; float16 runs on CPUs with AVX512-FP16.
 */
public enum Precision {
    FP32(DataType.FLOAT32),
    /** Half precision weights and activations (logits returned as float32); needs avx512_fp16. */
    FP16(DataType.FLOAT16);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    public DataType dataType() {
        return dataType;
    }

    public static Precision parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CovidctException("unknown precision '" + name + "': expected fp32 or fp16");
        }
    }

    /** Whether this CPU runs the precision natively (fp16 needs avx512_fp16). */
    public boolean supportedHere() {
        return this == FP32 || CpuFeatures.hasFlag("avx512_fp16");
    }
}
