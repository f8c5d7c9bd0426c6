package dev.axiom.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.axiom.prior.graph.FeatureGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edge lists {@code a,b,weight} by feature name: edges mapped to feature indices, features without
 * edges listed, nodes that are not features named (or dropped with a warning), bad weights and
 * repeated edges reported with their line.
 */
class EdgeListReaderTest {

    private static final List<String> FEATURES = List.of("TP53", "BRCA1", "MYC", "EGFR");

    @TempDir
    Path tmp;

    private final List<String> warnings = new ArrayList<>();

    private DataSource edges(String... lines) throws IOException {
        Path file = tmp.resolve("graph.csv");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return DataSource.of(file);
    }

    private EdgeListReader.Result read(DataSource source, boolean dropUnmatched) {
        return EdgeListReader.read(source, FEATURES, dropUnmatched, warnings::add);
    }

    @Test
    void edgesAreMappedToFeatureIndicesWithTheirWeights() throws IOException {
        EdgeListReader.Result r = read(edges("gene_a,gene_b,weight,shared", "TP53,MYC,0.5,1", "EGFR,TP53,2,3"), false);

        FeatureGraph g = r.graph();
        assertThat(g.features()).isEqualTo(4);
        assertThat(g.edges()).isEqualTo(2);
        assertThat(g.from()).containsExactly(0, 3);
        assertThat(g.to()).containsExactly(2, 0);
        assertThat(g.weights()).containsExactly(0.5f, 2f);
        assertThat(r.unmatchedNodes()).isEmpty();
        assertThat(warnings).isEmpty();
    }

    @Test
    void featuresWithoutEdgesAreListedByName() throws IOException {
        EdgeListReader.Result r = read(edges("a,b,weight", "TP53,MYC,1"), false);

        assertThat(r.isolatedFeatures()).containsExactly("BRCA1", "EGFR");
    }

    @Test
    void nodesThatAreNotFeaturesAreNamed() throws IOException {
        DataSource graph = edges("a,b,weight", "TP53,MYC,1", "KRAS,TP53,1", "MYC,PTEN,1", "KRAS,EGFR,1");

        assertThatThrownBy(() -> read(graph, false))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(graph.location() + ": 2 graph node(s) are not features of the data: [KRAS, PTEN]"
                        + " (first on line 3; set drop-unmatched = true to drop their edges)");
    }

    @Test
    void nodesThatAreNotFeaturesAreDroppedWithAWarningWhenConfigured() throws IOException {
        DataSource graph = edges("a,b,weight", "TP53,MYC,1", "KRAS,TP53,1", "MYC,PTEN,1");

        EdgeListReader.Result r = read(graph, true);

        assertThat(r.unmatchedNodes()).containsExactly("KRAS", "PTEN");
        assertThat(r.graph().edges()).isEqualTo(1);
        assertThat(warnings).containsExactly(
                graph.location() + ": dropped the edges of 2 graph node(s) that are not features: [KRAS, PTEN]");
    }

    @Test
    void aNegativeWeightNamesItsLine() throws IOException {
        DataSource graph = edges("a,b,weight", "TP53,MYC,1", "MYC,EGFR,-0.5");

        assertThatThrownBy(() -> read(graph, false))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(graph.location() + ":3, column 3: weight '-0.5' must be a finite number >= 0");
    }

    @Test
    void aNonNumericWeightNamesItsLine() throws IOException {
        DataSource graph = edges("a,b,weight", "TP53,MYC,strong");

        assertThatThrownBy(() -> read(graph, false))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(graph.location() + ":2, column 3: weight 'strong' must be a finite number >= 0");
    }

    @Test
    void anEdgeListedTwiceIsReportedWithBothLines() throws IOException {
        DataSource graph = edges("a,b,weight", "TP53,MYC,1", "EGFR,MYC,1", "MYC,TP53,0.5");

        assertThatThrownBy(() -> read(graph, false))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(graph.location() + ":4: the edge MYC–TP53 is already on line 2");
    }

    @Test
    void aHeaderWithFewerThanThreeColumnsIsReported() throws IOException {
        DataSource graph = edges("a,b", "TP53,MYC");

        assertThatThrownBy(() -> read(graph, false))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(graph.location() + ": an edge list needs the columns a,b,weight; the header is [a, b]");
    }

    @Test
    void aMissingGraphFileIsNamed() {
        String missing = tmp.resolve("no-graph.csv").toString();

        assertThatThrownBy(() -> read(new DataSource(missing), false))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(missing + ": no such file");
    }
}
