package dev.axiom.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import dev.axiom.nn.Network;
import dev.axiom.run.config.SettingsException;
import dev.axiom.run.config.SettingsLoader;
import dev.axiom.tensor.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code axiom.train.device}: {@code cpu} puts the network (and so its batches and optimiser
 * state) on {@link Device#cpu()}; a GPU on an engine without one is refused before anything is
 * written, in one line that says how to get DJL's CUDA build of libtorch. (GPU execution itself
 * cannot be tested on a machine without a GPU.)
 */
class DevicesTest {

    @TempDir
    Path tmp;

    @Test
    void cpuIsTheCpu() {
        assertThat(Devices.resolve("cpu")).isEqualTo(Device.cpu());
    }

    @Test
    void aGpuWithoutOneIsRefusedInOneLineSayingHowToGetACudaBuild() {
        assumeThat(Engine.getEngine("PyTorch").getGpuCount()).as("a machine without a usable GPU").isZero();
        for (String gpu : List.of("gpu", "gpu:0", "gpu:3")) {
            assertThatThrownBy(() -> Devices.resolve(gpu))
                    .isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith("axiom.train.device = " + gpu + ": no usable GPU")
                    .hasMessageContaining("pytorch-native-cpu")
                    .hasMessageContaining("ai.djl.pytorch:pytorch-native-cu128:2.7.1:")
                    .hasMessageContaining("ai.djl.offline=true")
                    .hasMessageEndingWith(", or set axiom.train.device = cpu")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void aTrainedRunLoadsOnItsOwnDeviceUnlessTheOptionNamesAnother() {
        assertThat(Devices.forRun(null, "cpu")).isEqualTo(Device.cpu());
        assertThat(Devices.forRun("cpu", "gpu:1")).as("--device cpu needs no GPU").isEqualTo(Device.cpu());
    }

    @Test
    void aRunFromAGpuMachineIsRefusedNamingWhereTheDeviceCameFromAndTheWayOut() {
        assumeThat(Engine.getEngine("PyTorch").getGpuCount()).as("a machine without a usable GPU").isZero();
        assertThatThrownBy(() -> Devices.forRun(null, "gpu:1"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("the run's axiom.train.device = gpu:1: no usable GPU")
                .hasMessageEndingWith(", or pass --device cpu")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> Devices.forRun("gpu", "cpu"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("--device gpu: no usable GPU")
                .hasMessageEndingWith(", or pass --device cpu");
    }

    @Test
    void aDeviceOptionThatIsNeitherCpuNorGpuIsNamed() {
        for (String bad : List.of("tpu", "gpu:", "gpu:x", "GPU", "cpu:0", "")) {
            assertThatThrownBy(() -> Devices.forRun(bad, "cpu"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--device must be cpu, gpu or gpu:N with N a GPU number (0 for the first), got '" + bad + "'");
        }
    }

    @Test
    void devicesAreNamedAsTheSettingWritesThem() {
        assertThat(Devices.name(Device.cpu())).isEqualTo("cpu");
        assertThat(Devices.name(Device.gpu(1))).isEqualTo("gpu:1");
    }

    @Test
    void libtorchVersionsMapToDjlsCudaBuilds() {
        assertThat(Devices.cudaArtifact("2.7.1")).isEqualTo("pytorch-native-cu128");
        assertThat(Devices.cudaArtifact("2.5.1")).isEqualTo("pytorch-native-cu124");
    }

    @Test
    void aGpuRunIsRefusedBeforeTheRunDirectoryIsWritten() throws IOException {
        assumeThat(Engine.getEngine("PyTorch").getGpuCount()).as("a machine without a usable GPU").isZero();
        Path dir = tmp.resolve("gpu-run");
        List<String> settings = new ArrayList<>(settings(table()));
        settings.add("axiom.train.device=gpu");

        assertThatThrownBy(() -> TrainingJob.start(SettingsLoader.load(null, settings), dir, List.of("test"), Progress.silent()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("axiom.train.device");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aCpuRunTrainsWithParametersGradientsAndReplicasOnTheCpu() throws IOException {
        List<Device> devices = new CopyOnWriteArrayList<>();
        TrainingJob job = TrainingJob.start(SettingsLoader.load(null, settings(table())), tmp.resolve("cpu-run"),
                List.of("test"), Progress.silent());
        assertThat(job.device()).isEqualTo(Device.cpu());
        job.withDriver((loop, train) -> {
            loop.network().parameterArrays().forEach(a -> devices.add(a.getDevice()));
            LoopDriver.plain().fit(loop, train);
            for (NDArray a : loop.network().parameterArrays()) {
                devices.add(a.getDevice());
                devices.add(a.getGradient().getDevice());
            }
            try (Network replica = loop.network().replicate()) { // as the runtime's workers make them
                devices.add(replica.manager().getDevice());
                replica.parameterArrays().forEach(a -> devices.add(a.getDevice()));
            }
        });

        TrainingJob.Result result = job.run();

        assertThat(result.steps()).isPositive();
        assertThat(devices).isNotEmpty().containsOnly(Device.cpu());
    }

    private Path table() throws IOException {
        Rng rng = new Rng(11);
        List<String> lines = new ArrayList<>(List.of("a,b,c,label"));
        for (int i = 0; i < 120; i++) {
            double a = rng.nextGaussian();
            double b = rng.nextGaussian();
            double c = rng.nextGaussian();
            lines.add(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%d", a, b, c, a - c > 0 ? 1 : 0));
        }
        return Files.write(tmp.resolve("table.csv"), lines);
    }

    private static List<String> settings(Path csv) {
        return List.of(
                "axiom.data.format=csv",
                "axiom.data.csv.path=\"" + csv + "\"",
                "axiom.model.architecture=mlp",
                "axiom.model.hidden=[8]",
                "axiom.prior.kind=gini",
                "axiom.train.epochs=2",
                "axiom.train.batch-size=20",
                "axiom.train.device=cpu");
    }
}
