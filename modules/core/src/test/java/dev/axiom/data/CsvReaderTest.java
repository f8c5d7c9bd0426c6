package dev.axiom.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV tables: header, label column, feature selection, dropped and id columns, labels from a second
 * table, missing values; every bad input reported with the file, the line and the column.
 */
class CsvReaderTest {

    @TempDir
    Path tmp;

    private DataSource csv(String name, String... lines) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return DataSource.of(file);
    }

    private static CsvOptions binary() {
        return CsvOptions.of("label", "binary");
    }

    private static CsvOptions options(List<String> features, List<String> drop, String id, String missing, boolean dropUnlabelled) {
        return new CsvOptions("label", "binary", features, drop, id, missing, dropUnlabelled);
    }

    @Test
    void readsEveryColumnButTheLabelAsFeatures() throws IOException {
        Dataset d = CsvReader.read(csv("t.csv", "a,label,b", "1,0,2", "3.5,1,-4e-1"), binary());

        assertThat(d.size()).isEqualTo(2);
        assertThat(d.sampleShape()).isEqualTo(new Shape(2));
        assertThat(d.featureNames()).containsExactly("a", "b");
        assertThat(d.featureArray()).containsExactly(1f, 2f, 3.5f, -0.4f);
        assertThat(d.labelKind()).isEqualTo(Dataset.LabelKind.REAL);
        assertThat(d.labelArray()).containsExactly(0f, 1f);
    }

    @Test
    void aTableWithAHeaderAndNoRowsIsAnErrorNamingTheFile() throws IOException {
        DataSource empty = csv("empty.csv", "a,label,b");
        assertThatThrownBy(() -> CsvReader.read(empty, binary()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(empty.location() + ": a header row and no data rows");
    }

    @Test
    void aTableWhoseRowsAllLackLabelsSaysSo() throws IOException {
        DataSource unlabelled = csv("unlabelled.csv", "a,label", "1,", "2,NA");
        assertThatThrownBy(() -> CsvReader.read(unlabelled, options(List.of(), List.of(), null, "error", true)))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(unlabelled.location() + ": none of its 2 rows has a label");
    }

    @Test
    void quotedHeadersAndCellsAndSurroundingSpacesAreRead() throws IOException {
        Dataset d = CsvReader.read(csv("t.csv", "\"a\", \"label\"", " \"1.5\" , 1", "2,0"), binary());

        assertThat(d.featureArray()).containsExactly(1.5f, 2f);
        assertThat(d.labelArray()).containsExactly(1f, 0f);
    }

    @Test
    void theFeaturesOptionSelectsAndOrdersColumns() throws IOException {
        Dataset d = CsvReader.read(
                csv("t.csv", "a,b,c,label", "1,2,3,0", "4,5,6,1"), options(List.of("c", "a"), List.of(), null, "error", false));

        assertThat(d.featureNames()).containsExactly("c", "a");
        assertThat(d.featureArray()).containsExactly(3f, 1f, 6f, 4f);
    }

    @Test
    void droppedColumnsAndTheIdColumnAreNotFeatures() throws IOException {
        Dataset d = CsvReader.read(
                csv("t.csv", "id,a,note,b,label", "p1,1,x,2,0", "p2,3,y,4,1"),
                options(List.of(), List.of("note"), "id", "error", false));

        assertThat(d.featureNames()).containsExactly("a", "b");
        assertThat(d.featureArray()).containsExactly(1f, 2f, 3f, 4f);
    }

    @Test
    void classLabelsThatAreNotIndicesAreNumberedInSortedOrder() throws IOException {
        Dataset d = CsvReader.read(csv("t.csv", "x,label", "1,dog", "2,ant", "3,cat", "4,dog"), CsvOptions.of("label", "class"));

        assertThat(d.labelKind()).isEqualTo(Dataset.LabelKind.CLASS_INDEX);
        assertThat(d.labelArray()).containsExactly(2f, 0f, 1f, 2f);
    }

    @Test
    void classLabelsThatAreIndicesAreKept() throws IOException {
        Dataset d = CsvReader.read(csv("t.csv", "x,label", "1,3", "2,0", "3,1"), CsvOptions.of("label", "class"));

        assertThat(d.labelArray()).containsExactly(3f, 0f, 1f);
    }

    /**
     * Fuzz crasher: a label of digits too long for an int leaked a NumberFormatException from the
     * encoding of integer labels instead of an error naming the cell.
     */
    @Test
    void aClassLabelTooLargeForAnIndexNamesItsLine() throws IOException {
        DataSource f = csv("t.csv", "x,label", "1,1", "2,0", "3,99999999999999999999");

        assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.of("label", "binary")))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(f.location() + ":4, column 'label': label '99999999999999999999' is too large for a class index"
                        + " (at most 16777216; classes are numbered 0, 1, … or named by text)");
    }

    @Test
    void classIndicesWithLeadingZerosAreIndices() throws IOException {
        Dataset d = CsvReader.read(csv("t.csv", "x,label", "1,0002", "2,0", "3,01"), CsvOptions.of("label", "class"));

        assertThat(d.labelArray()).containsExactly(2f, 0f, 1f);
    }

    @Test
    void realLabelsAreRead() throws IOException {
        Dataset d = CsvReader.read(csv("t.csv", "x,y", "1,0.25", "2,-7"), CsvOptions.of("y", "real"));

        assertThat(d.labelArray()).containsExactly(0.25f, -7f);
    }

    @Test
    void labelsInASecondTableAreMatchedByTheIdColumn() throws IOException {
        DataSource features = csv("x.csv", "id,a", "p1,1", "p2,2", "p3,3");
        DataSource labels = csv("y.csv", "id,label", "p3,1", "p1,0", "p2,1", "p9,0");

        Dataset d = CsvReader.read(features, labels, options(List.of(), List.of(), "id", "error", false));

        assertThat(d.featureArray()).containsExactly(1f, 2f, 3f);
        assertThat(d.labelArray()).containsExactly(0f, 1f, 1f);
    }

    @Test
    void labelsInASecondTableWithoutIdsAreMatchedByRowOrder() throws IOException {
        Dataset d = CsvReader.read(csv("x.csv", "a", "1", "2"), csv("y.csv", "label", "1", "0"), binary());

        assertThat(d.labelArray()).containsExactly(1f, 0f);
    }

    @Test
    void tablesOfDifferentLengthsWithoutIdsNameBothFilesAndCounts() throws IOException {
        DataSource features = csv("x.csv", "a", "1", "2", "3");
        DataSource labels = csv("y.csv", "label", "1", "0");

        assertThatThrownBy(() -> CsvReader.read(features, labels, binary()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(features.location() + " has 3 rows but " + labels.location()
                        + " has 2; give an id column to match them");
    }

    @Test
    void aRowIdWithoutALabelRowIsNamedWithItsLine() throws IOException {
        DataSource features = csv("x.csv", "id,a", "p1,1", "p2,2");
        DataSource labels = csv("y.csv", "id,label", "p1,0");

        assertThatThrownBy(() -> CsvReader.read(features, labels, options(List.of(), List.of(), "id", "error", false)))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(features.location() + ":3: row id 'p2' has no row in " + labels.location());
    }

    @Test
    void aMissingFileIsNamed() {
        String missing = tmp.resolve("absent.csv").toString();

        assertThatThrownBy(() -> CsvReader.read(new DataSource(missing), binary()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void anEmptyFileHasNoHeader() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.csv"));

        assertThatThrownBy(() -> CsvReader.read(DataSource.of(empty), binary()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(empty + ": empty file (no header row)");
    }

    @Test
    void aRaggedRowNamesTheFileTheLineAndBothCounts() throws IOException {
        DataSource t = csv("t.csv", "a,b,label", "1,2,0", "3,4", "5,6,1");

        assertThatThrownBy(() -> CsvReader.read(t, binary()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(t.location() + ":3: expected 3 fields (as in the header), found 2");
    }

    @Test
    void aNonNumericCellNamesTheLineAndTheColumn() throws IOException {
        DataSource t = csv("t.csv", "a,b,label", "1,2,0", "3,4,1", "5,six,1");

        assertThatThrownBy(() -> CsvReader.read(t, binary()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(t.location() + ":4, column 2 'b': 'six' is not a number, but 2 of the column's 3 values are "
                        + "(list the column in categorical to read its values as categories)");
    }

    @Test
    void lineNumbersCountBlankLines() throws IOException {
        DataSource t = csv("t.csv", "a,b,label", "", "1,2,0", "", "", "3,x,1");

        assertThatThrownBy(() -> CsvReader.read(t, binary()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(t.location() + ":6, column 2 'b'");
    }

    @Test
    void lineNumbersCountLineBreaksInsideQuotedCells() throws IOException {
        DataSource t = csv("t.csv", "note,a,label", "\"two", "lines\",1,0", "ok,1,2,3");

        assertThatThrownBy(() -> CsvReader.read(t, options(List.of("a"), List.of(), null, "error", false)))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(t.location() + ":4: expected 3 fields (as in the header), found 4");
    }

    @Test
    void anUnterminatedQuoteNamesTheLineWhereItStarts() throws IOException {
        DataSource t = csv("t.csv", "a,b,label", "1,2,0", "3,\"4,1", "5,6,1");

        assertThatThrownBy(() -> CsvReader.read(t, binary()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(t.location() + ":3: a quoted field starts here and has no closing quote");
    }

    @Test
    void textAfterAClosingQuoteIsReportedWithItsLine() throws IOException {
        DataSource t = csv("t.csv", "a,b,label", "1,2,0", "3,\"4\"x,1");

        assertThatThrownBy(() -> CsvReader.read(t, binary()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(t.location() + ":3: ")
                .hasMessageContaining("closing quote");
    }

    @Test
    void aMissingLabelColumnNamesItAndListsTheColumns() throws IOException {
        DataSource t = csv("t.csv", "a,b,outcome", "1,2,0");

        assertThatThrownBy(() -> CsvReader.read(t, binary()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(t.location() + ": no column 'label'; the columns are [a, b, outcome]");
    }

    @Test
    void aMissingFeatureColumnIsNamed() throws IOException {
        DataSource t = csv("t.csv", "a,b,label", "1,2,0");

        assertThatThrownBy(() -> CsvReader.read(t, options(List.of("a", "c"), List.of(), null, "error", false)))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(t.location() + ": no column 'c'; the columns are [a, b, label]");
    }

    @Test
    void aColumnNamedTwiceInTheHeaderIsReported() throws IOException {
        DataSource t = csv("t.csv", "a,b,a,label", "1,2,3,0");

        assertThatThrownBy(() -> CsvReader.read(t, binary()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(t.location() + ":1: column 'a' appears twice in the header (columns 1 and 3)");
    }

    @Test
    void nanInTheDataIsAMissingValueNamedWithLineAndColumn() throws IOException {
        DataSource t = csv("t.csv", "a,b,label", "1,2,0", "NaN,4,1");

        assertThatThrownBy(() -> CsvReader.read(t, binary()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(t.location()
                        + ":3, column 1 'a': the value is missing (set missing = impute to fill it from the training split)");
    }

    @Test
    void infinityInTheDataIsRejectedToo() throws IOException {
        DataSource t = csv("t.csv", "a,b,label", "1,-Infinity,0");

        assertThatThrownBy(() -> CsvReader.read(t, binary()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(t.location() + ":2, column 2 'b': -Infinity is not allowed");
    }

    @Test
    void anEmptyCellIsAnErrorWhenMissingValuesAreErrors() throws IOException {
        DataSource t = csv("t.csv", "a,b,label", "1,2,0", "3,,1");

        assertThatThrownBy(() -> CsvReader.read(t, binary()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(t.location() + ":3, column 2 'b': the value is missing"
                        + " (set missing = impute to fill it from the training split)");
    }

    @Test
    void anEmptyCellIsKeptAsMissingWhenImputing() throws IOException {
        Dataset d = CsvReader.read(csv("t.csv", "a,b,label", "1,2,0", "3,,1"), options(List.of(), List.of(), null, "impute", false));

        assertThat(d.feature(1, 1)).isNaN();
        assertThat(d.feature(1, 0)).isEqualTo(3f);
    }

    @Test
    void aMissingLabelIsAnErrorWithItsLine() throws IOException {
        DataSource t = csv("t.csv", "a,label", "1,0", "2,NA", "3,1");

        assertThatThrownBy(() -> CsvReader.read(t, binary()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(t.location() + ":3, column 'label': the label is missing");
    }

    @Test
    void rowsWithoutALabelAreDroppedWhenAsked() throws IOException {
        Dataset d = CsvReader.read(csv("t.csv", "a,label", "1,0", "2,NA", "3,", "4,1"), options(List.of(), List.of(), null, "error", true));

        assertThat(d.featureArray()).containsExactly(1f, 4f);
        assertThat(d.labelArray()).containsExactly(0f, 1f);
    }

    @Test
    void aBinaryLabelWithMoreThanTwoValuesListsThem() throws IOException {
        DataSource t = csv("t.csv", "a,label", "1,0", "2,1", "3,2");

        assertThatThrownBy(() -> CsvReader.read(t, binary()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(t.location() + ", column 'label': a binary label needs two values, found [0, 1, 2]");
    }

    @Test
    void aRealLabelThatIsNotANumberNamesItsLine() throws IOException {
        DataSource t = csv("t.csv", "a,y", "1,0.5", "2,high");

        assertThatThrownBy(() -> CsvReader.read(t, CsvOptions.of("y", "real")))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(t.location() + ":3, column 'y': label 'high' is not a finite number");
    }
}
