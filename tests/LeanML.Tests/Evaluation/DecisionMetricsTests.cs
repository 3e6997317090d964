using LeanML.Evaluation;

namespace LeanML.Tests.Evaluation;

public sealed class DecisionMetricsTests
{
    private static (float[] Y, double[] Model, double[] Rule) Data()
    {
        var rng = new Random(8);
        var n = 600;
        var y = new float[n];
        var model = new double[n];
        var rule = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = rng.NextDouble();
            y[i] = rng.NextDouble() < 0.05 + (0.5 * s) ? 1 : 0;
            model[i] = s + (0.2 * (rng.NextDouble() - 0.5));
            rule[i] = s + (0.5 * (rng.NextDouble() - 0.5)) > 0.6 ? 1 : 0;
        }

        return (y, model, rule);
    }

    [Fact]
    public void Threshold_and_top_k_decisions_match_scikit_learn()
    {
        var (y, model, rule) = Data();
        var value = new DecisionValue(120, -15, -40, 0);
        var atThreshold = DecisionMetrics.AtThreshold(y, model, 0.3, value);
        var atK = DecisionMetrics.AtK(y, model, 50, value);
        var ruleAtThreshold = DecisionMetrics.AtThreshold(y, rule, 0.3);

        // Independent: scikit-learn 1.2.1 precision_score, recall_score and confusion_matrix of y_pred = s >= 0.3, and of
        // the 50 highest scores (np.argsort(-s, kind="stable")[:50]; the model's scores have no ties).
        var py = PythonCheck.Run("""
            import numpy as np
            from sklearn.metrics import precision_score, recall_score, confusion_matrix
            y = np.loadtxt("y.txt"); s = np.loadtxt("s.txt"); r = np.loadtxt("r.txt")
            def report(pred):
                tn, fp, fn, tp = confusion_matrix(y, pred).ravel()
                print(precision_score(y, pred), recall_score(y, pred), tp, fp, fn, tn, 120 * tp - 15 * fp - 40 * fn)
            report(s >= 0.3)
            top = np.zeros(len(s), dtype=bool); top[np.argsort(-s, kind="stable")[:50]] = True
            report(top)
            report(r >= 0.3)
            print(int(len(np.unique(s)) == len(s)))
            """,
            new Dictionary<string, string> { ["y.txt"] = PythonCheck.Lines(y), ["s.txt"] = PythonCheck.Lines(model), ["r.txt"] = PythonCheck.Lines(rule) });

        void Check(int at, DecisionOutcome o, bool withValue)
        {
            Assert.Equal(py[at], o.Precision, 12);
            Assert.Equal(py[at + 1], o.Recall, 12);
            Assert.Equal(new Confusion(py[at + 2], py[at + 3], py[at + 4], py[at + 5]), o.Confusion);
            Assert.Equal(py[at + 2], o.PositivesReached);
            if (withValue)
            {
                Assert.Equal(py[at + 6], o.Value!.Value, 9);
            }
        }

        Assert.Equal(1, py[21]);
        Check(0, atThreshold, withValue: true);
        Check(7, atK, withValue: true);
        Check(14, ruleAtThreshold, withValue: false);
        Assert.Equal(50, atK.K);
        Assert.Null(ruleAtThreshold.Value);
    }

    [Fact]
    public void The_f1_maximising_and_rule_share_thresholds_match_a_brute_force_search()
    {
        var (y, model, rule) = Data();
        var choices = DecisionMetrics.Thresholds(y, model, rule);

        // Independent: f1_score(y, s >= t) for every distinct score t (the first, i.e. highest, t on a tie of F1), and
        // the threshold flagging the rule's number of rows: the k-th highest score, k = (rule >= 0.5).sum().
        var py = PythonCheck.Run("""
            import numpy as np
            from sklearn.metrics import f1_score, precision_score, recall_score
            y = np.loadtxt("y.txt"); s = np.loadtxt("s.txt"); r = np.loadtxt("r.txt")
            ts = np.unique(s)[::-1]
            f = [f1_score(y, s >= t) for t in ts]
            b = int(np.argmax(f))
            k = int((r >= 0.5).sum()); t = np.sort(s)[::-1][k - 1]
            print(ts[b], f[b], t, (s >= t).mean(), precision_score(y, s >= t), recall_score(y, s >= t))
            """,
            new Dictionary<string, string> { ["y.txt"] = PythonCheck.Lines(y), ["s.txt"] = PythonCheck.Lines(model), ["r.txt"] = PythonCheck.Lines(rule) });

        Assert.Equal(py[0], choices.F1Max.Threshold, 15);
        Assert.Equal(py[1], choices.F1Max.F1, 12);
        Assert.Equal(py[2], choices.RuleShare!.Threshold, 15);
        Assert.Equal(py[3], choices.RuleShare.Share, 12);
        Assert.Equal(py[4], choices.RuleShare.Precision, 12);
        Assert.Equal(py[5], choices.RuleShare.Recall, 12);
    }

    [Fact]
    public void A_top_k_cut_inside_a_tie_counts_the_tied_rows_by_their_share()
    {
        // A 0/1 rule flags 4 rows (2 positive) and K = 2 cuts inside that block: 1 positive expected, as precision_at_K.
        float[] y = [1, 0, 1, 0, 1, 0];
        double[] rule = [1, 1, 1, 1, 0, 0];
        var o = DecisionMetrics.AtK(y, rule, 2);
        Assert.Equal(new Confusion(1, 1, 2, 2), o.Confusion);
        Assert.Equal(0.5, o.Precision, 12);
        Assert.Equal(LeanML.Training.TrainingMetrics.PrecisionAtK(y, rule, 2), o.Precision, 12);
    }
}
