package dev.axiom.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.axiom.testing.TestNetworks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Copying and loading a network's state is exact, and a replica's storage is its own. */
class NetworkStateTest {

    @Test
    void aReplicaHasExactlyTheSameParametersInItsOwnStorage() {
        try (Network original = Network.create(TestNetworks.smallCnn(), 3);
                Network replica = original.replicate()) {
            assertThat(values(replica)).isEqualTo(values(original));
            List<Float> before = values(original).get(0);
            replica.parameterArrays().get(0).addi(1f);
            assertThat(values(original).get(0)).isEqualTo(before);
            assertThat(values(replica).get(0)).isNotEqualTo(before);
        }
    }

    @Test
    void copyStateFromOverwritesEveryArrayExactly() {
        try (Network a = Network.create(TestNetworks.smallMlp(), 1);
                Network b = Network.create(TestNetworks.smallMlp(), 2)) {
            assertThat(values(b)).isNotEqualTo(values(a));
            b.copyStateFrom(a);
            assertThat(values(b)).isEqualTo(values(a));
        }
    }

    @Test
    void exportedStateLoadsBackExactlyInFloat64() {
        try (Network a = Network.create(TestNetworks.smallMlp(), ai.djl.ndarray.NDManager.newBaseManager(), DataType.FLOAT64, 5);
                Network b = Network.create(TestNetworks.smallMlp(), ai.djl.ndarray.NDManager.newBaseManager(), DataType.FLOAT64, 6)) {
            Map<String, float[]> state = a.exportState();
            b.loadState(state);
            assertThat(b.exportState()).containsExactlyEntriesOf(state);
            assertThat(b.parameterArrays().get(0).getDataType()).isEqualTo(DataType.FLOAT64);
        }
    }

    @Test
    void copiedParametersStillCollectGradients() {
        try (Network a = Network.create(TestNetworks.smallMlp(), 1);
                Network b = Network.create(TestNetworks.smallMlp(), 2);
                ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
            b.copyStateFrom(a);
            b.loadState(a.exportState());
            NDArray x = b.manager().randomNormal(new ai.djl.ndarray.types.Shape(4, 6));
            dev.axiom.tensor.Autograd.recording(() -> {
                dev.axiom.tensor.Autograd.backward(b.forward(x, ForwardMode.inference()).output().sum());
                return null;
            });
            for (NDArray g : dev.axiom.tensor.Autograd.gradients(b.parameterArrays())) {
                assertThat(g.abs().sum().getFloat()).isGreaterThan(0f);
            }
        }
    }

    private static List<List<Float>> values(Network network) {
        return network.parameterArrays().stream()
                .map(NDArray::toFloatArray)
                .map(a -> {
                    List<Float> list = new java.util.ArrayList<>(a.length);
                    for (float f : a) {
                        list.add(f);
                    }
                    return list;
                })
                .toList();
    }
}
