package dev.axiom.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text columns one-hot encoded with the training rows' categories, missing cells (a list of texts)
 * imputed with a category of their own or a training mean and an indicator, unseen categories
 * refused by name or encoded as zeros, and columns found by name in any order.
 */
class TableEncodingTest {

    @TempDir
    Path tmp;

    private CsvReader.Table table(String name, String... lines) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return CsvReader.table(DataSource.of(file));
    }

    private static CsvOptions options(String missing, boolean indicators, String unseen) {
        return new CsvOptions("y", "binary", List.of(), List.of(), null, missing, false,
                CsvOptions.DEFAULT_MISSING_VALUES, indicators, unseen, List.of(), List.of());
    }

    private static final String[] CREDITS = {
        "home,income,y",
        "rent,10,0",
        "owner,NA,1",
        "rent,30,0",
        "?,20,1",
        "parents,40,0",
    };

    @Test
    void categoriesComeFromTheTrainingRowsOnlySortedWithTheMissingCategoryLast() throws IOException {
        CsvReader.Table t = table("t.csv", CREDITS);
        TableEncoding e = TableEncoding.fit(t, List.of("home", "income"), new int[] {0, 1, 2, 3}, options("impute", true, "error"));

        assertThat(e.featureNames()).containsExactly(
                "home=owner", "home=rent", "home=(missing)", "income", "income_missing");
        assertThat(e.columnNames()).containsExactly("home", "income");
        assertThat(e.columnOfFeature()).containsExactly(0, 0, 0, 1, 1);
        assertThat(e.measured()).containsExactly(false, false, false, true, false);
        assertThat(e.oneFeaturePerColumn()).isFalse();
        float[] x = e.encode(t, new int[] {0, 1, 3});
        assertThat(x).usingElementComparator((a, b) -> Float.compare(a, b) == 0 ? 0 : 1).containsExactly(
                0, 1, 0, 10, 0,
                1, 0, 0, Float.NaN, 1,
                0, 0, 1, 20, 0);
    }

    @Test
    void anUnseenCategoryIsAnErrorNamingTheColumnAndValueOrAllZerosWhenIgnored() throws IOException {
        CsvReader.Table t = table("t.csv", CREDITS);
        int[] train = {0, 1, 2, 3};
        TableEncoding strict = TableEncoding.fit(t, List.of("home", "income"), train, options("impute", false, "error"));
        assertThatThrownBy(() -> strict.encode(t, new int[] {4}))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(t.location() + ":6, column 1 'home': category 'parents' did not occur in the training rows; "
                        + "known: [owner, rent, (missing)] (unseen-category = ignore encodes it as all zeros)");

        TableEncoding lenient = TableEncoding.fit(t, List.of("home", "income"), train, options("impute", false, "ignore"));
        assertThat(lenient.encode(t, new int[] {4})).containsExactly(0, 0, 0, 40);
    }

    @Test
    void aMissingCellIsAnErrorUnlessImputedAndAMissingCategoryNeverTrainedFollowsTheUnseenRule() throws IOException {
        CsvReader.Table t = table("t.csv", CREDITS);
        TableEncoding strict = TableEncoding.fit(t, List.of("income", "home"), new int[] {0, 2}, options("error", false, "error"));
        assertThatThrownBy(() -> strict.encode(t, new int[] {1}))
                .hasMessage(t.location() + ":3, column 2 'income': the value is missing "
                        + "(set missing = impute to fill it from the training split)");

        TableEncoding imputing = TableEncoding.fit(t, List.of("home", "income"), new int[] {0, 2}, options("impute", false, "error"));
        assertThat(imputing.featureNames()).containsExactly("home=rent", "income");
        assertThatThrownBy(() -> imputing.encode(t, new int[] {3}))
                .hasMessageContaining(":5, column 1 'home': a missing value, which the training rows did not have");
    }

    @Test
    void theMissingValuesAreAConfigurableList() throws IOException {
        CsvReader.Table t = table("t.csv", "a,y", "1,0", "-999,1");
        CsvOptions sentinel = new CsvOptions("y", "binary", List.of(), List.of(), null, "impute", false,
                List.of("-999"), false, "error", List.of(), List.of());
        TableEncoding e = TableEncoding.fit(t, List.of("a"), new int[] {0, 1}, sentinel);
        float[] x = e.encode(t, new int[] {0, 1});
        assertThat(x[0]).isEqualTo(1f);
        assertThat(x[1]).isNaN();
        CsvReader.Table other = table("other.csv", "a,y", "NA,0");
        assertThatThrownBy(() -> e.encode(other, new int[] {0}))
                .hasMessage(other.location() + ":2, column 1 'a': 'NA' is not a number");
    }

    @Test
    void columnsAreFoundByNameSoAnotherTableMayOrderThemDifferently() throws IOException {
        CsvReader.Table train = table("train.csv", CREDITS);
        TableEncoding e = TableEncoding.fit(train, List.of("home", "income"), new int[] {0, 1, 2, 3, 4}, options("impute", false, "error"));
        CsvReader.Table other = table("other.csv", "y,income,home", "0,10,rent", "1,40,parents");
        assertThat(e.encode(other, new int[] {0, 1})).containsExactly(e.encode(train, new int[] {0, 4}));

        CsvReader.Table lacking = table("lacking.csv", "y,income", "0,10");
        assertThatThrownBy(() -> e.encode(lacking, new int[] {0}))
                .hasMessage(lacking.location() + ": no column 'home'; the columns are [y, income]");
    }

    @Test
    void numericCodesAreCategoriesWhenListedAndAFewTextCellsInANumberColumnAreNamed() throws IOException {
        CsvReader.Table t = table("t.csv", "zip,amount,y", "101,5,0", "202,6,1", "101,7 000,0", "303,8,1");
        CsvOptions listed = new CsvOptions("y", "binary", List.of(), List.of(), null, "error", false,
                CsvOptions.DEFAULT_MISSING_VALUES, false, "ignore", List.of("zip"), List.of());
        assertThatThrownBy(() -> TableEncoding.fit(t, List.of("zip", "amount"), new int[] {0, 1, 2, 3}, listed))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(t.location() + ":4, column 2 'amount': '7 000' is not a number, but 3 of the column's 4 values "
                        + "are (list the column in categorical to read its values as categories)");
        TableEncoding e = TableEncoding.fit(t, List.of("zip"), new int[] {0, 1, 2}, listed);
        assertThat(e.featureNames()).containsExactly("zip=101", "zip=202");
    }

    @Test
    void aTableOfNumbersIsOneFeaturePerColumnAsBefore() throws IOException {
        CsvReader.Table t = table("t.csv", "a,b,y", "1,2,0", "3,4,1");
        TableEncoding e = TableEncoding.fit(t, List.of("a", "b"), new int[] {0, 1}, options("error", true, "error"));
        assertThat(e.oneFeaturePerColumn()).isTrue();
        assertThat(e.featureNames()).containsExactly("a", "b");
        assertThat(e.describe()).containsEntry("missing", "error").containsEntry("unseen_category", "error");
    }

    @Test
    void textLabelsMapToSortedIndicesOrToTheGivenLabelValues() throws IOException {
        CsvReader.Table t = table("t.csv", "a,y", "1,good", "2,bad", "3,good");
        CsvReader.Labelled sorted = CsvReader.labelled(t, options("error", false, "error"), null);
        assertThat(sorted.labels()).containsExactly(1f, 0f, 1f);
        assertThat(sorted.labelValues()).containsExactly("bad", "good");

        CsvOptions given = options("error", false, "error").withLabelValues(List.of("good", "bad"));
        CsvReader.Labelled ordered = CsvReader.labelled(t, given, null);
        assertThat(ordered.labels()).containsExactly(0f, 1f, 0f);
        assertThat(ordered.labelValues()).containsExactly("good", "bad");

        CsvReader.Table other = table("other.csv", "a,y", "1,so-so");
        assertThatThrownBy(() -> CsvReader.labelled(other, given, null))
                .hasMessage(other.location() + ":2, column 'y': label 'so-so' is not one of the label values [good, bad]");
    }
}
