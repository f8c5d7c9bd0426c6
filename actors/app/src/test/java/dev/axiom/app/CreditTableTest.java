package dev.axiom.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real table with text columns and missing cells, end to end: {@code conf/credit-gini.conf}
 * (modeldata's credit_data) trains; {@code explain} speaks of the table's 13 columns (or of the 32
 * encoded features with {@code --by encoded-column}) with the same row sums; a linear model's rows
 * sum to {@code output − reference_output}; an unseen category and a missing cell behave as the run
 * says; {@code predict} reads a table whose columns are in another order.
 */
class CreditTableTest {

    private static final Path PRESET = Path.of("../../conf/credit-gini.conf").toAbsolutePath().normalize();
    private static final Path TABLE =
            Path.of("../../modules/run/src/main/resources/datasets/credit/credit_data.csv").toAbsolutePath().normalize();
    private static final List<String> COLUMNS = List.of("Seniority", "Home", "Time", "Age", "Marital", "Records", "Job",
            "Expenses", "Income", "Assets", "Debt", "Amount", "Price");

    @TempDir
    static Path tmp;

    private static Path mlp;
    private static Path linear;

    @BeforeAll
    static void train() {
        mlp = tmp.resolve("mlp");
        Outcome o = Outcome.of("train", "--config", PRESET.toString(), "--out", mlp.toString(),
                "--set", "axiom.train.epochs=2");
        assertThat(o.code()).as(o.err()).isZero();
        linear = tmp.resolve("linear");
        Outcome l = Outcome.of("train", "--config", PRESET.toString(), "--out", linear.toString(), "--no-report",
                "--set", "axiom.train.epochs=1",
                "--set", "axiom.model.architecture=layers",
                "--set", "axiom.model.layers=[\"linear(1)\"]",
                "--set", "axiom.data.csv.unseen-category=error");
        assertThat(l.code()).as(l.err()).isZero();
    }

    @Test
    void theReportAndExplainSpeakOfTheTablesColumnsWithTheEncodedRowSums() throws IOException {
        String report = Files.readString(mlp.resolve("report.md"));
        assertThat(report).contains("## Global column importance", "| column |", "label `Status` (good = 0, bad = 1)",
                "13 input columns (Home, Marital, Records, Job one-hot encoded) as 32 features");
        for (String column : COLUMNS) {
            assertThat(report).contains("| " + column + " |");
        }

        List<String[]> byColumn = explain(mlp, "column");
        List<String[]> encoded = explain(mlp, "encoded-column");
        assertThat(Arrays.asList(byColumn.get(0)).subList(4, 4 + 13)).containsExactlyElementsOf(COLUMNS);
        assertThat(byColumn.get(0)).hasSize(4 + 13);
        assertThat(encoded.get(0)).hasSize(4 + 32).contains("Home=owner", "Home=(missing)", "Income_missing");
        assertThat(byColumn).hasSize(1 + 40);
        for (int i = 1; i < byColumn.size(); i++) {
            double grouped = rowSum(byColumn.get(i));
            double raw = rowSum(encoded.get(i));
            // relative to the size of the terms summed: a row sum may cancel to near zero
            assertThat(grouped).as("row %d", i).isCloseTo(raw, within(1e-6 * absoluteSum(encoded.get(i))));
        }
    }

    @Test
    void aLinearModelsRowsSumToOutputMinusReferenceOutput() throws IOException {
        List<String[]> rows = explain(linear, "column");
        for (int i = 1; i < rows.size(); i++) {
            String[] row = rows.get(i);
            double expected = Double.parseDouble(row[2]) - Double.parseDouble(row[3]);
            assertThat(rowSum(row)).as("row %d", i).isCloseTo(expected, within(1e-5 * Math.max(absoluteSum(row), 1)));
        }
    }

    @Test
    void anUnseenCategoryIsAnErrorOrZerosAndAMissingCellIsImputedAsTheRunSays() throws IOException {
        List<String> lines = Files.readAllLines(TABLE);
        List<String> odd = new ArrayList<>(lines.subList(0, 6));
        odd.set(1, odd.get(1).replace("\"rent\"", "\"boat\""));
        odd.set(2, odd.get(2).replaceFirst(",131,", ",NA,"));
        odd.set(3, odd.get(3).replace("\"freelance\"", "?"));
        Path file = tmp.resolve("odd.csv");
        Files.write(file, odd);

        Outcome refused = Outcome.of("predict", "--run", linear.toString(), "--data", file.toString(),
                "--out", tmp.resolve("refused.csv").toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().lines().toList()).hasSize(1);
        assertThat(refused.err()).startsWith("axiom: error: " + file + ":2, column 3 'Home': category 'boat' did not occur "
                + "in the training rows; known: [ignore, other, owner, parents, priv, rent, (missing)]");

        Path predictions = tmp.resolve("lenient.csv");
        Outcome lenient = Outcome.of("predict", "--run", mlp.toString(), "--data", file.toString(), "--out", predictions.toString());
        assertThat(lenient.code()).as(lenient.err()).isZero();
        assertThat(Files.readAllLines(predictions)).hasSize(1 + 5)
                .first().isEqualTo("index,label,prediction,label_name,predicted_name,output_0");

        Outcome strict = Outcome.of("train", "--config", PRESET.toString(), "--out", tmp.resolve("strict").toString(),
                "--set", "axiom.data.csv.missing=error");
        assertThat(strict.code()).isEqualTo(2);
        assertThat(strict.err()).startsWith("axiom: error: classpath:datasets/credit/credit_data.csv:")
                .contains(": the value is missing (set missing = impute to fill it from the training split)");
    }

    @Test
    void predictReadsATableWithItsColumnsInAnotherOrder() throws IOException {
        List<String> lines = Files.readAllLines(TABLE).subList(0, 21);
        List<String> reversed = new ArrayList<>();
        for (String line : lines) {
            List<String> cells = new ArrayList<>(List.of(line.split(",")));
            Collections.reverse(cells);
            reversed.add(String.join(",", cells));
        }
        Path ordered = tmp.resolve("ordered.csv");
        Path shuffled = tmp.resolve("reversed.csv");
        Files.write(ordered, lines);
        Files.write(shuffled, reversed);
        Path a = tmp.resolve("a.csv");
        Path b = tmp.resolve("b.csv");
        assertThat(Outcome.of("predict", "--run", mlp.toString(), "--data", ordered.toString(), "--out", a.toString()).code()).isZero();
        assertThat(Outcome.of("predict", "--run", mlp.toString(), "--data", shuffled.toString(), "--out", b.toString()).code()).isZero();
        assertThat(Files.readAllLines(b)).hasSize(21).isEqualTo(Files.readAllLines(a));
    }

    @Test
    void theOnnxExportRecordsTheEncoding() throws IOException {
        Path onnx = tmp.resolve("credit.onnx");
        Outcome o = Outcome.of("export", mlp.toString(), "--out", onnx.toString());
        assertThat(o.code()).as(o.err()).isZero();
        ai.onnx.proto.OnnxMl.ModelProto model = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(Files.readAllBytes(onnx));
        String preprocessing = model.getMetadataPropsList().stream()
                .filter(p -> p.getKey().equals("axiom.preprocessing")).findFirst().orElseThrow().getValue();
        assertThat(dev.axiom.run.Json.parse(preprocessing)).isEqualTo(dev.axiom.run.Json.read(mlp.resolve("preprocessing.json")));
        assertThat(preprocessing).contains(
                "\"Home=(missing)\"", "\"label_values\":[\"good\",\"bad\"]", "\"unseen_category\":\"ignore\"");
    }

    private static List<String[]> explain(Path run, String by) throws IOException {
        Path out = tmp.resolve(run.getFileName() + "-" + by + ".csv");
        Outcome o = Outcome.of("explain", "--run", run.toString(), "--method", "eg", "--references", "20",
                "--limit", "40", "--by", by, "--out", out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        return Files.readAllLines(out).stream().map(l -> l.split(",")).toList();
    }

    private static double absoluteSum(String[] row) {
        double s = 0;
        for (int j = 4; j < row.length; j++) {
            s += Math.abs(Double.parseDouble(row[j]));
        }
        return s;
    }

    private static double rowSum(String[] row) {
        double s = 0;
        for (int j = 4; j < row.length; j++) {
            s += Double.parseDouble(row[j]);
        }
        return s;
    }
}
