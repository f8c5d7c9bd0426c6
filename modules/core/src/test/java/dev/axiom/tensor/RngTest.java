package dev.axiom.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Determinism, checkpointing, bounds and rough uniformity of {@link Rng}. */
class RngTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0, 1, -1, 42, Long.MAX_VALUE})
    void sameSeedSameSequenceOtherSeedOtherSequence(long seed) {
        Rng a = new Rng(seed);
        Rng b = new Rng(seed);
        Rng c = new Rng(seed + 1);
        long[] sa = new long[1000];
        long[] sb = new long[1000];
        long[] sc = new long[1000];
        for (int i = 0; i < 1000; i++) {
            sa[i] = a.nextLong();
            sb[i] = b.nextLong();
            sc[i] = c.nextLong();
        }
        assertThat(sb).containsExactly(sa);
        int equal = 0;
        for (int i = 0; i < 1000; i++) {
            equal += sa[i] == sc[i] ? 1 : 0;
        }
        assertThat(equal).isZero();
        assertThat(Arrays.stream(sa).distinct().count()).isEqualTo(1000);
    }

    /** A mixed sequence of every kind of draw, as a string for comparison. */
    private static String draws(Rng rng, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            switch (i % 6) {
                case 0 -> sb.append(rng.nextLong());
                case 1 -> sb.append(rng.nextDouble());
                case 2 -> sb.append(rng.nextGaussian());
                case 3 -> sb.append(rng.nextInt(17));
                case 4 -> sb.append(rng.nextFloat());
                default -> sb.append(Arrays.toString(rng.permutation(5)));
            }
            sb.append(' ');
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "after {0} warm-up draws")
    @ValueSource(ints = {0, 1, 2, 3, 7, 50})
    void stateAndFromStateContinueTheSameSequence(int warmUp) {
        Rng rng = new Rng(123);
        draws(rng, warmUp);
        long[] saved = rng.state();
        String continued = draws(rng, 60);
        String restored = draws(Rng.fromState(saved), 60);
        assertThat(restored).isEqualTo(continued);
    }

    @Test
    void stateKeepsTheSpareGaussian() {
        Rng rng = new Rng(9);
        double first = rng.nextGaussian(); // the polar method now holds a spare
        long[] saved = rng.state();
        double second = rng.nextGaussian(); // the spare
        double third = rng.nextGaussian(); // a fresh pair
        long afterwards = rng.nextLong();
        Rng restored = Rng.fromState(saved);
        assertThat(restored.nextGaussian()).isEqualTo(second);
        assertThat(restored.nextGaussian()).isEqualTo(third);
        assertThat(restored.nextLong()).isEqualTo(afterwards);
        assertThat(second).isNotEqualTo(first);

        // Without a pending spare (an even number of Gaussians drawn).
        Rng even = new Rng(9);
        even.nextGaussian();
        even.nextGaussian();
        long[] savedEven = even.state();
        assertThat(Rng.fromState(savedEven).nextGaussian()).isEqualTo(even.nextGaussian());
    }

    @Test
    void stateIsACopyAndFromStateChecksItsLength() {
        Rng rng = new Rng(5);
        long[] saved = rng.state();
        long[] copy = saved.clone();
        rng.nextLong();
        assertThat(saved).containsExactly(copy);
        assertThat(rng.state()).isNotEqualTo(saved);
        assertThatThrownBy(() -> Rng.fromState(new long[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 words")
                .hasMessageContaining("4");
    }

    @ParameterizedTest(name = "bound {0}")
    @ValueSource(ints = {1, 2, 3, 7, 10, 1000, 1 << 30, (1 << 30) + 1, Integer.MAX_VALUE})
    void nextIntStaysWithinBounds(int bound) {
        Rng rng = new Rng(bound);
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int i = 0; i < 20_000; i++) {
            int v = rng.nextInt(bound);
            assertThat(v).isBetween(0, bound - 1);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (bound == 1) {
            assertThat(max).isZero();
        } else {
            // Both halves of the range are reached.
            assertThat(min).isLessThan(bound / 2);
            assertThat(max).isGreaterThanOrEqualTo(bound / 2);
        }
    }

    @Test
    void nextIntRejectsNonPositiveBounds() {
        Rng rng = new Rng(1);
        assertThatThrownBy(() -> rng.nextInt(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> rng.nextInt(-3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-3");
    }

    /**
     * Chi-square goodness of fit with {@code k − 1} degrees of freedom against a threshold of
     * mean + 8 standard deviations ({@code k − 1 + 8 √(2(k − 1))}): a correct generator fails with
     * negligible probability, a biased one (modulo bias at these sizes is too small to see, but an
     * off-by-one range or a stuck bit is not) fails surely.
     */
    @ParameterizedTest(name = "bound {0}")
    @ValueSource(ints = {2, 7, 10, 100, 1000})
    void nextIntIsRoughlyUniform(int bound) {
        Rng rng = new Rng(77 + bound);
        int draws = 200 * bound + 20_000;
        long[] counts = new long[bound];
        for (int i = 0; i < draws; i++) {
            counts[rng.nextInt(bound)]++;
        }
        assertThat(chiSquare(counts, draws)).isLessThan(threshold(bound));
    }

    @Test
    void largeBoundsAreUniformOverTheirRange() {
        // bound 3·2^29: compare the thirds of the range, and even vs odd values.
        int bound = 3 << 29;
        Rng rng = new Rng(3);
        int draws = 60_000;
        long[] thirds = new long[3];
        long[] parity = new long[2];
        for (int i = 0; i < draws; i++) {
            int v = rng.nextInt(bound);
            thirds[v / (1 << 29)]++;
            parity[v & 1]++;
        }
        assertThat(chiSquare(thirds, draws)).isLessThan(threshold(3));
        assertThat(chiSquare(parity, draws)).isLessThan(threshold(2));
    }

    @Test
    void uniformDoublesFloatsAndGaussiansHaveTheRightMoments() {
        Rng rng = new Rng(11);
        int n = 100_000;
        double sumD = 0;
        double sumF = 0;
        double sumG = 0;
        double sumG2 = 0;
        for (int i = 0; i < n; i++) {
            double d = rng.nextDouble();
            float f = rng.nextFloat();
            assertThat(d).isGreaterThanOrEqualTo(0).isLessThan(1);
            assertThat(f).isGreaterThanOrEqualTo(0).isLessThan(1);
            double g = rng.nextGaussian();
            sumD += d;
            sumF += f;
            sumG += g;
            sumG2 += g * g;
        }
        // Standard errors: uniform mean 0.0009, Gaussian mean 0.003, Gaussian variance 0.0045.
        assertThat(sumD / n).isCloseTo(0.5, within(0.006));
        assertThat(sumF / n).isCloseTo(0.5, within(0.006));
        assertThat(sumG / n).isCloseTo(0, within(0.02));
        assertThat(sumG2 / n).isCloseTo(1, within(0.03));

        float[] u = new Rng(12).uniform(10_000, -3, 5);
        double mean = 0;
        for (float v : u) {
            assertThat(v).isGreaterThanOrEqualTo(-3f).isLessThanOrEqualTo(5f);
            mean += v / u.length;
        }
        assertThat(mean).isCloseTo(1, within(0.15));
    }

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {0, 1, 2, 10, 1000})
    void permutationIsAPermutation(int n) {
        Rng rng = new Rng(n);
        int[] p = rng.permutation(n);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        int[] identity = new int[n];
        for (int i = 0; i < n; i++) {
            identity[i] = i;
        }
        assertThat(sorted).containsExactly(identity);
        assertThat(new Rng(n).permutation(n)).containsExactly(p);
        if (n == 1000) {
            assertThat(p).isNotEqualTo(identity);
            assertThat(new Rng(n + 1).permutation(n)).isNotEqualTo(p);
        }
    }

    @Test
    void permutationsOfThreeAreEquallyLikely() {
        // Fisher-Yates gives each of the 6 orders with probability 1/6; Sattolo's variant (j < i)
        // would give only the 2 cyclic ones, a naive swap-with-any-index shuffle would be biased.
        Rng rng = new Rng(4);
        int draws = 60_000;
        Map<String, Long> counts = new HashMap<>();
        for (int i = 0; i < draws; i++) {
            counts.merge(Arrays.toString(rng.permutation(3)), 1L, Long::sum);
        }
        assertThat(counts).hasSize(6);
        long[] c = counts.values().stream().mapToLong(Long::longValue).toArray();
        assertThat(chiSquare(c, draws)).isLessThan(threshold(6));
    }

    @Test
    void splitIsDeterministicAndAdvancesTheParentByOneDraw() {
        Rng a = new Rng(8);
        Rng b = new Rng(8);
        Rng childA = a.split();
        Rng childB = b.split();
        assertThat(draws(childA, 30)).isEqualTo(draws(childB, 30));

        Rng reference = new Rng(8);
        reference.nextLong();
        assertThat(a.nextLong()).isEqualTo(reference.nextLong());
        // The child does not just replay its parent.
        Rng parent = new Rng(8);
        Rng child = parent.split();
        assertThat(child.nextLong()).isNotEqualTo(parent.nextLong());
    }

    private static double chiSquare(long[] counts, long total) {
        double expected = (double) total / counts.length;
        double chi = 0;
        for (long c : counts) {
            chi += (c - expected) * (c - expected) / expected;
        }
        return chi;
    }

    private static double threshold(int categories) {
        int df = categories - 1;
        return df + 8 * Math.sqrt(2.0 * df);
    }
}
