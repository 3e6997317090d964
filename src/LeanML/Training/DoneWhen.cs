using System.Globalization;
using LeanML.Internal;

namespace LeanML.Training;

/// <summary>
/// The bar of a brief: comparisons of metric names, <c>lift</c> and numbers joined by <c>and</c>/<c>or</c> with
/// parentheses, e.g. <c>auc &gt;= 0.80 and lift &gt;= 0.05</c>. Parsed once, evaluated against a run's test metrics.
/// </summary>
public sealed class DoneWhen
{
    /// <summary>The deepest nesting of parentheses allowed (100,000 of them overflowed the stack).</summary>
    public const int MaxDepth = 64;

    private readonly Node _root;

    private DoneWhen(string text, Node root, IReadOnlyList<string> names)
    {
        Text = text;
        _root = root;
        Names = names;
    }

    /// <summary>The bar as written.</summary>
    public string Text { get; }

    /// <summary>The metric names (and lift) it refers to.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Parses the bar for a task; a <see cref="FormatException"/> explains what to write instead.</summary>
    public static DoneWhen Parse(string text, string task)
    {
        var tokens = Tokenize(text);
        var names = new List<string>();
        var pos = 0;
        var root = ParseOr(tokens, ref pos, task, names, depth: 0);
        if (pos != tokens.Count)
        {
            throw new FormatException($"has an unexpected '{tokens[pos]}' in '{text}'; write comparisons like 'auc >= 0.80 and lift >= 0.05'");
        }

        return new DoneWhen(text.Trim(), root, names.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>Evaluates the bar; <paramref name="values"/> maps each metric name (and "lift") to its value.</summary>
    public bool Evaluate(IReadOnlyDictionary<string, double> values) => _root.Evaluate(values);

    // "a or b or c" is one node over a list (not a chain of nested nodes), so a long bar never nests deeply.
    private static Node ParseOr(List<string> t, ref int pos, string task, List<string> names, int depth)
    {
        var terms = new List<Node> { ParseAnd(t, ref pos, task, names, depth) };
        while (pos < t.Count && t[pos].Equals("or", StringComparison.OrdinalIgnoreCase))
        {
            pos++;
            terms.Add(ParseAnd(t, ref pos, task, names, depth));
        }

        return terms.Count == 1 ? terms[0] : new Node(v => terms.Exists(n => n.Evaluate(v)));
    }

    private static Node ParseAnd(List<string> t, ref int pos, string task, List<string> names, int depth)
    {
        var terms = new List<Node> { ParseTerm(t, ref pos, task, names, depth) };
        while (pos < t.Count && t[pos].Equals("and", StringComparison.OrdinalIgnoreCase))
        {
            pos++;
            terms.Add(ParseTerm(t, ref pos, task, names, depth));
        }

        return terms.Count == 1 ? terms[0] : new Node(v => terms.TrueForAll(n => n.Evaluate(v)));
    }

    private static Node ParseTerm(List<string> t, ref int pos, string task, List<string> names, int depth)
    {
        if (pos < t.Count && t[pos] == "(")
        {
            if (depth == MaxDepth)
            {
                throw new FormatException($"nests parentheses more than {MaxDepth} deep; write the bar more simply, e.g. 'auc >= 0.80 and lift >= 0.05'");
            }

            pos++;
            var inner = ParseOr(t, ref pos, task, names, depth + 1);
            if (pos >= t.Count || t[pos] != ")")
            {
                throw new FormatException("has a '(' without its ')'");
            }

            pos++;
            return inner;
        }

        var left = Operand(t, ref pos, task, names);
        if (pos >= t.Count || t[pos] is not (">=" or "<=" or ">" or "<" or "==" or "=" or "!="))
        {
            throw new FormatException($"needs a comparison after '{t[pos - 1]}' (>=, <=, >, <, ==, !=), e.g. 'auc >= 0.80'");
        }

        var op = t[pos++];
        var right = Operand(t, ref pos, task, names);
        return new Node(v =>
        {
            var a = left(v);
            var b = right(v);
            return op switch
            {
                ">=" => a >= b,
                "<=" => a <= b,
                ">" => a > b,
                "<" => a < b,
                "!=" => a != b,
                _ => a == b,
            };
        });
    }

    private static Func<IReadOnlyDictionary<string, double>, double> Operand(List<string> t, ref int pos, string task, List<string> names)
    {
        if (pos >= t.Count)
        {
            throw new FormatException("ends too early; write comparisons like 'auc >= 0.80 and lift >= 0.05'");
        }

        var token = t[pos++];
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            // "NaN", "Infinity" and 1e400 parse as numbers, but a bar against them is always or never met.
            return double.IsFinite(number) ? _ => number
                : throw new FormatException($"compares with '{token}', which is not a finite number; write a threshold such as 0.80");
        }

        if (!IsName(task, token))
        {
            var valid = MetricCatalog.Names(task).Append("lift").ToList();
            throw new FormatException($"names '{token}', which is not a {task} metric.{Suggestions.DidYouMean(token, valid)} Use {string.Join(", ", valid)} (lift = the model's primary metric minus the business baseline's, positive when the model is better), or an interval's end: auc_low, lift_low, rmse_high");
        }

        names.Add(token);
        return v => v.TryGetValue(token, out var value) ? value : double.NaN;
    }

    // A metric, lift, or the end of one's 95% interval (auc_low, lift_low, rmse_high).
    private static bool IsName(string task, string token)
    {
        var bare = token.EndsWith("_low", StringComparison.Ordinal) ? token[..^4] : token.EndsWith("_high", StringComparison.Ordinal) ? token[..^5] : token;
        return bare == "lift" || MetricCatalog.IsValid(task, bare);
    }

    /// <summary>
    /// Evaluates the bar at the pessimistic end of every interval: each metric by its worse end (auc by auc_low,
    /// rmse by rmse_high, lift by lift_low); names that are already an interval's end, or have no interval, as given.
    /// </summary>
    public bool EvaluatePessimistic(IReadOnlyDictionary<string, double> values)
    {
        var worst = new Dictionary<string, double>(values, StringComparer.Ordinal);
        foreach (var name in Names)
        {
            var end = name + (MetricCatalog.LowerIsBetter(name) ? "_high" : "_low");
            if (values.TryGetValue(end, out var v) && !double.IsNaN(v))
            {
                worst[name] = v;
            }
        }

        return _root.Evaluate(worst);
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c is '>' or '<' or '=' or '!')
            {
                var two = i + 1 < text.Length && text[i + 1] == '=';
                tokens.Add(two ? text.Substring(i, 2) : c.ToString());
                i += two ? 2 : 1;
            }
            else if (char.IsLetterOrDigit(c) || c is '_' or '.' or '-' or '+')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.' || ((text[i] is '-' or '+') && i == start)))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else
            {
                throw new FormatException($"has an unexpected character '{c}'; write comparisons like 'auc >= 0.80 and lift >= 0.05'");
            }
        }

        if (tokens.Count == 0)
        {
            throw new FormatException("is empty; write the bar, e.g. 'auc >= 0.80 and lift >= 0.05'");
        }

        return tokens;
    }

    private sealed class Node(Func<IReadOnlyDictionary<string, double>, bool> evaluate)
    {
        public bool Evaluate(IReadOnlyDictionary<string, double> values) => evaluate(values);
    }
}
