using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LeanML.Features;
using LeanML.Storage;

namespace LeanML.Training;

/// <summary>Runs a brief's dataset.sql (with the baseline expression beside it) and builds the <see cref="TrainingSet"/> in one pass.</summary>
public static class TrainingSetReader
{
    /// <summary>The alias of the baseline expression in the combined query.</summary>
    internal const string BaselineAlias = "leanml_baseline__";

    /// <summary>A text column with at least this share of distinct values per row is an identifier, not a category.</summary>
    public const double IdentifierDistinctShare = 0.9;

    /// <summary>Below this many rows no column is excluded for being identifier-like (too few rows to tell).</summary>
    public const int IdentifierMinimumRows = 50;

    /// <summary>Reads the training data of a brief from the warehouse.</summary>
    public static async Task<TrainingSet> ReadAsync(Database warehouse, ProjectBrief brief, CancellationToken cancellationToken = default)
    {
        var d = brief.Dataset;
        // Lineage columns (_load_id, _source_line) come along with 'SELECT *' over an ingested table; they describe
        // where a row came from, not the customer, so they are never features.
        var roles = new HashSet<string>(d.Exclude.Append(d.Label).Concat(Ingestion.IngestService.LineageColumns), StringComparer.Ordinal);
        if (d.Id is not null)
        {
            roles.Add(d.Id);
        }

        if (d.Time is not null)
        {
            roles.Add(d.Time);
        }

        // Excluded and lineage columns are only checked by name, never read.
        var skip = roles.Except(new[] { d.Label, d.Id, d.Time }.OfType<string>(), StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        // One query gives the rows and the business rule's value on exactly those rows.
        var sql = $"SELECT leanml_d.*, ({brief.Baseline.Sql}) AS {SqlNames.Quote(BaselineAlias)} FROM ({d.Sql}) AS leanml_d";
        List<ColumnBuffer> buffers;
        List<long>? wholeIds;
        try
        {
            if (warehouse.Engine.QueryColumnsSql(d.Sql) is { } describe)
            {
                // The names as dataset.sql gives them, before the wrapping subquery could rename a duplicate.
                CheckUniqueNames(await ReadFirstColumnAsync(warehouse, describe, cancellationToken).ConfigureAwait(false), brief.File);
            }

            (buffers, wholeIds) = await ReadColumnsAsync(warehouse, sql, skip, d.Id, brief.File, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            // Tell which part is wrong: the dataset query alone, or the baseline expression over it.
            var datasetError = await ProbeAsync(warehouse, $"SELECT * FROM ({d.Sql}) AS leanml_d LIMIT 0", cancellationToken).ConfigureAwait(false);
            var key = datasetError is null ? "baseline.sql" : "dataset.sql";
            throw new LeanMLInputException($"'{key}' failed in the warehouse: {(datasetError ?? ex.Message).Trim()}. Fix the SQL (try it with 'leanml sql').", brief.File, field: key, inner: ex);
        }

        var baseline = buffers[^1];
        var byName = buffers.Take(buffers.Count - 1).ToDictionary(b => b.Name, StringComparer.Ordinal);
        var names = buffers.Take(buffers.Count - 1).Select(b => b.Name).ToList();
        ColumnBuffer Column(string key, string name) => byName.TryGetValue(name, out var b) ? b
            : throw new LeanMLInputException($"'dataset.{key}' names the column '{name}', which dataset.sql does not return.{Internal.Suggestions.DidYouMean(name, names)} Columns: {string.Join(", ", names)}.", brief.File, field: $"dataset.{key}");

        var label = Column("label", d.Label);
        var id = d.Id is null ? null : Column("id", d.Id);
        var time = d.Time is null ? null : Column("time", d.Time);
        foreach (var e in d.Exclude)
        {
            Column("exclude", e);
        }

        if (label.Count == 0)
        {
            throw new LeanMLInputException("dataset.sql returned no rows; there is nothing to train on. Check the query with 'leanml sql'.", brief.File, field: "dataset.sql");
        }

        var kept = CanonicalRows(label, id);
        if (id is not null)
        {
            CheckUniqueIds(brief, id, wholeIds, kept);
        }

        var dropped = label.Count - kept.Count;
        if (kept.Count == 0)
        {
            throw new LeanMLInputException($"every row has a NULL label '{d.Label}'; there is nothing to train on.", brief.File, field: "dataset.label");
        }

        var (labels, classes) = ApplyPositive(brief, EncodeLabels(brief, label, kept));
        var warnings = new List<string>();
        var features = new List<FeatureSpec>();
        var columns = new List<float[]>();
        // Columns encode independently: side by side (1M rows, 6 columns: 0.15 s one after the other).
        var candidates = buffers.Take(buffers.Count - 1).Where(b => !roles.Contains(b.Name)).ToArray();
        var encoded = new (FeatureSpec Spec, float[] Values)[candidates.Length];
        Parallel.For(0, candidates.Length, i => encoded[i] = candidates[i].Encode(CollectionsMarshal.AsSpan(kept)));
        for (var i = 0; i < candidates.Length; i++)
        {
            var buffer = candidates[i];
            var (spec, values) = encoded[i];
            if (spec.Kind == FeatureKind.Category && kept.Count >= IdentifierMinimumRows && spec.Categories!.Count >= IdentifierDistinctShare * buffer.NonNull)
            {
                warnings.Add($"the column '{spec.Name}' was left out: it has {spec.Categories.Count} distinct values in {kept.Count} rows, like an identifier (an e-mail, an id) rather than a category. List it in dataset.exclude to silence this warning.");
                continue;
            }

            features.Add(spec);
            columns.Add(values);
        }

        if (features.Count == 0)
        {
            throw new LeanMLInputException($"dataset.sql leaves no feature column besides the id, label, time and excluded columns ({string.Join(", ", roles)}).", brief.File, field: "dataset.sql");
        }

        var baselineValues = EncodeBaseline(brief, baseline, kept, classes, out var baselineNulls);
        double[]? timeValues = null;
        if (time is not null)
        {
            var (timeSpec, t) = time.Encode(CollectionsMarshal.AsSpan(kept));
            if (timeSpec.Kind is FeatureKind.Category)
            {
                throw new LeanMLInputException($"'dataset.time' names '{d.Time}', whose values are not dates, timestamps or numbers (e.g. '{timeSpec.Categories![0]}'). Name a date column, stored as 'yyyy-MM-dd'.", brief.File, field: "dataset.time");
            }

            var nulls = t.Count(float.IsNaN);
            if (nulls > 0)
            {
                throw new LeanMLInputException($"'dataset.time' column '{d.Time}' is NULL on {nulls} rows; every row needs a time to be split by time. Filter them out in dataset.sql.", brief.File, field: "dataset.time");
            }

            timeValues = t.Select(v => (double)v).ToArray();
        }

        return new TrainingSet(features, columns, labels, classes, baselineValues, timeValues, dropped, baselineNulls, warnings, id is null ? null : IdHashes(brief, id, wholeIds, kept));
    }

    // Rows with a NULL label are dropped (and counted by the caller); the rest go in canonical order: by id when there
    // is one (equal ids by read order). Rows usually come back in id order already, so sorting is mostly a check.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<int> CanonicalRows(ColumnBuffer label, ColumnBuffer? id)
    {
        var kept = new List<int>(label.Count);
        for (var r = 0; r < label.Count; r++)
        {
            if (!label.IsNull(r))
            {
                kept.Add(r);
            }
        }

        if (id is null || kept.Count == 0)
        {
            return kept;
        }

        Comparison<int> byId = id.SawText
            ? (a, b) => StringComparer.Ordinal.Compare(id.Text(a), id.Text(b)) is var c && c != 0 ? c : a.CompareTo(b)
            : (a, b) => id.Number(a).CompareTo(id.Number(b)) is var c && c != 0 ? c : a.CompareTo(b);
        for (var i = 1; i < kept.Count; i++)
        {
            if (byId(kept[i - 1], kept[i]) > 0)
            {
                kept.Sort(byId);
                break;
            }
        }

        return kept;
    }

    // The split hash of each kept row's id: whole numbers by their exact decimal text, other values by their text.
    private static ulong[] IdHashes(ProjectBrief brief, ColumnBuffer id, List<long>? wholeIds, List<int> rows)
    {
        var hashes = new ulong[rows.Count];
        var nulls = 0;
        for (var i = 0; i < hashes.Length; i++)
        {
            var r = rows[i];
            var text = id.IsNull(r) ? null : wholeIds is not null ? wholeIds[r].ToString(CultureInfo.InvariantCulture) : id.Text(r);
            if (text is null)
            {
                nulls++;
                continue;
            }

            hashes[i] = SplitHash.OfId(text);
        }

        if (nulls > 0)
        {
            throw new LeanMLInputException(
                $"'dataset.id' column '{brief.Dataset.Id}' is NULL on {nulls} rows; each row needs an id (it decides the row's split and names its prediction). Filter them out or fill them in dataset.sql.",
                brief.File,
                field: "dataset.id");
        }

        return hashes;
    }

    // dataset.positive names the binary label's positive class: classes become [other, positive], labels flipped when needed.
    private static (float[] Labels, IReadOnlyList<string>? Classes) ApplyPositive(ProjectBrief brief, (float[] Labels, IReadOnlyList<string>? Classes) encoded)
    {
        if (brief.Task != "binary" || brief.Dataset.Positive is not { } positive || encoded.Classes is not [var negative, var current])
        {
            return encoded;
        }

        if (positive == current)
        {
            return encoded;
        }

        if (positive != negative)
        {
            throw new LeanMLInputException(
                $"'dataset.positive' is '{positive}', but the label '{brief.Dataset.Label}' holds only '{negative}' and '{current}'. Write one of them (the class the model should score).",
                brief.File,
                field: "dataset.positive");
        }

        var labels = encoded.Labels;
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = 1 - labels[i];
        }

        return (labels, [current, negative]);
    }

    // One id on two rows would give two predictions, outcomes and rows to join under one name. Whole-number ids are
    // compared exactly (the column keeps float32, which cannot tell 100000001 from 100000002); text ids are in
    // ordinal order here, so a repeated one sits next to itself.
    private static void CheckUniqueIds(ProjectBrief brief, ColumnBuffer id, List<long>? wholeIds, List<int> rows)
    {
        string? repeated = null;
        if (wholeIds is not null)
        {
            var seen = new HashSet<long>(rows.Count);
            foreach (var r in rows)
            {
                if (!id.IsNull(r) && !seen.Add(wholeIds[r]))
                {
                    repeated = wholeIds[r].ToString(CultureInfo.InvariantCulture);
                    break;
                }
            }
        }
        else
        {
            for (var i = 1; i < rows.Count && repeated is null; i++)
            {
                var (a, b) = (rows[i - 1], rows[i]);
                var same = id.SawText
                    ? id.Text(a) is { } ta && string.Equals(ta, id.Text(b), StringComparison.Ordinal)
                    : !float.IsNaN(id.Number(a)) && id.Number(a) == id.Number(b);
                repeated = same ? id.Text(a) : null;
            }
        }

        if (repeated is { } value)
        {
            throw new LeanMLInputException(
                $"'dataset.id' names '{brief.Dataset.Id}', but it is not unique: '{value}' is on more than one row. Each row needs its own id; make dataset.sql return one row per {brief.Dataset.Id} (GROUP BY, DISTINCT), or name another id column.",
                brief.File,
                field: "dataset.id");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (float[] Labels, IReadOnlyList<string>? Classes) EncodeLabels(ProjectBrief brief, ColumnBuffer label, List<int> rows)
    {
        var name = brief.Dataset.Label;
        if (brief.Task == "regression")
        {
            if (label.SawText)
            {
                throw new LeanMLInputException($"the label '{name}' holds text (e.g. '{label.Text(rows.First(r => label.Text(r) is not null && label.Number(r) is float.NaN))}'), but a regression needs numbers. Use task: multiclass or binary, or select a numeric label.", brief.File, field: "dataset.label");
            }

            var values = rows.Select(label.Number).ToArray();
            if (values.Distinct().Count() < 2)
            {
                throw new LeanMLInputException($"the label '{name}' has a single value ({values[0].ToString(CultureInfo.InvariantCulture)}) in every row; there is nothing to predict.", brief.File, field: "dataset.label");
            }

            return (values, null);
        }

        if (!label.SawText)
        {
            // Numeric labels: classes from the distinct numbers (no text per row). Labels repeat, so a value is only
            // looked up in the set when it is neither of the last two values looked up.
            var numbers = new float[rows.Count];
            var seen = new HashSet<float>();
            var (last, beforeLast) = (float.NaN, float.NaN);
            for (var i = 0; i < numbers.Length; i++)
            {
                var value = label.Number(rows[i]);
                numbers[i] = value;
                if (value != last && value != beforeLast)
                {
                    // Not one of the last two values (both classes of a binary label): the set decides.
                    seen.Add(value);
                    (last, beforeLast) = (value, last);
                }
            }

            var distinctNumbers = seen.Order().ToList();
            if (distinctNumbers.Count < 2)
            {
                throw new LeanMLInputException($"the label '{name}' has only one class ('{distinctNumbers[0].ToString(CultureInfo.InvariantCulture)}') in {numbers.Length} rows; a classifier needs at least two. Check the label expression in dataset.sql.", brief.File, field: "dataset.label");
            }

            if (brief.Task == "binary" && (distinctNumbers.Count > 2 || distinctNumbers[0] != 0 || distinctNumbers[1] != 1))
            {
                throw new LeanMLInputException($"the label '{name}' is numeric with values {string.Join(", ", distinctNumbers.Take(5).Select(v => v.ToString(CultureInfo.InvariantCulture)))}; a binary label must be 0/1 (or two text values). Use CASE WHEN ... THEN 1 ELSE 0 END in dataset.sql, task: multiclass, or task: regression.", brief.File, field: "dataset.label");
            }

            var classNames = distinctNumbers.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToList();
            if (distinctNumbers.Select((v, i) => v == i).All(x => x))
            {
                // Labels 0..k-1 (binary 0/1 above all) are their own class indexes.
                return (numbers, classNames);
            }

            var numberIndex = distinctNumbers.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => (float)x.i);
            return (Array.ConvertAll(numbers, v => numberIndex[v]), classNames);
        }

        var texts = rows.Select(r => label.Text(r)!).ToArray();
        var distinct = texts.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count < 2)
        {
            throw new LeanMLInputException($"the label '{name}' has only one class ('{distinct[0]}') in {texts.Length} rows; a classifier needs at least two. Check the label expression in dataset.sql.", brief.File, field: "dataset.label");
        }

        List<string> classes;
        if (brief.Task == "binary")
        {
            if (distinct.Count > 2)
            {
                throw new LeanMLInputException($"the label '{name}' has {distinct.Count} distinct values (e.g. {string.Join(", ", distinct.Take(4).Select(v => $"'{v}'"))}), but task: binary needs two. Use task: multiclass, or turn the label into 0/1 in dataset.sql (CASE WHEN ... THEN 1 ELSE 0 END).", brief.File, field: "dataset.label");
            }

            // The positive class of a yes/no (true/false, 1/0) label is the one that reads as true; any other pair of
            // texts needs dataset.positive (taking the alphabetically last one scored "affair"/"faithful" backwards).
            var ordered = distinct.Order(StringComparer.Ordinal).ToList();
            var truthy = ordered.Where(v => FeatureEncoding.ParseBoolean(v) == 1f).ToList();
            var falsy = ordered.Where(v => FeatureEncoding.ParseBoolean(v) == 0f).ToList();
            if (truthy.Count == 1 && falsy.Count == 1)
            {
                classes = [falsy[0], truthy[0]];
            }
            else if (brief.Dataset.Positive is not null)
            {
                classes = ordered;
            }
            else
            {
                throw new LeanMLInputException(
                    $"the label '{name}' holds the texts '{ordered[0]}' and '{ordered[1]}', and LeanML cannot tell which one is the positive class (the one the model scores). " +
                    $"Add it to the brief under dataset, e.g. 'positive: {ordered[1]}'.",
                    brief.File,
                    field: "dataset.positive");
            }
        }
        else
        {
            classes = distinct.Order(StringComparer.Ordinal).ToList();
        }

        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => (float)x.i, StringComparer.Ordinal);
        return (texts.Select(t => index[t]).ToArray(), classes);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] EncodeBaseline(ProjectBrief brief, ColumnBuffer baseline, List<int> rows, IReadOnlyList<string>? classes, out int nulls)
    {
        var result = new double[rows.Count];
        var classIndex = (classes ?? []).Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var multiclass = brief.Task == "multiclass";
        nulls = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (baseline.IsNull(r))
            {
                result[i] = double.NaN;
                nulls++;
            }
            else if (multiclass)
            {
                result[i] = classIndex.TryGetValue(baseline.Text(r)!, out var c) ? c : double.NaN;
            }
            else if (baseline.SawText && float.IsNaN(baseline.Number(r)))
            {
                var text = baseline.Text(r)!;
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]))
                {
                    throw new LeanMLInputException($"'baseline.sql' gives the text '{text}', but a {brief.Task} baseline must give a number (a score or a value). Use e.g. CASE WHEN ... THEN 1.0 ELSE 0.0 END.", brief.File, field: "baseline.sql");
                }
            }
            else
            {
                result[i] = baseline.Number(r);
            }
        }

        return result;
    }

    private static async Task<List<string>> ReadFirstColumnAsync(Database warehouse, string sql, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await using var cmd = warehouse.Command(sql);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    // The columns of the result, and the id column's values exactly when they are all whole numbers (else null).
    private static async Task<(List<ColumnBuffer> Buffers, List<long>? WholeIds)> ReadColumnsAsync(
        Database warehouse, string sql, IReadOnlySet<string> skip, string? idName, string file, CancellationToken cancellationToken)
    {
        await using var cmd = warehouse.Command(sql);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var buffers = Enumerable.Range(0, reader.FieldCount).Select(i => new ColumnBuffer(reader.GetName(i))).ToList();
        CheckUniqueNames(buffers.Select(b => b.Name), file);
        var read = Enumerable.Range(0, buffers.Count).Where(i => !skip.Contains(buffers[i].Name)).ToArray();
        var idIndex = idName is null ? -1 : buffers.FindIndex(b => b.Name == idName);
        List<long>? wholeIds = idIndex < 0 ? null : [];
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (wholeIds is not null)
            {
                var type = reader.IsDBNull(idIndex) ? null : reader.GetFieldType(idIndex);
                if (type is null || type == typeof(long) || type == typeof(int))
                {
                    wholeIds.Add(type is null ? 0 : type == typeof(long) ? reader.GetInt64(idIndex) : reader.GetInt32(idIndex));
                }
                else
                {
                    wholeIds = null;
                }
            }

            foreach (var i in read)
            {
                // Typed getters for the common types avoid boxing every value.
                var type = reader.IsDBNull(i) ? null : reader.GetFieldType(i);
                if (type == typeof(long))
                {
                    buffers[i].AddNumber(reader.GetInt64(i));
                }
                else if (type == typeof(int))
                {
                    buffers[i].AddNumber(reader.GetInt32(i));
                }
                else if (type == typeof(double))
                {
                    buffers[i].AddNumber(reader.GetDouble(i));
                }
                else if (type == typeof(string))
                {
                    buffers[i].AddText(reader.GetString(i));
                }
                else
                {
                    buffers[i].Add(type is null ? null : reader.GetValue(i));
                }
            }
        }

        return (buffers, wholeIds);
    }

    /// <summary>
    /// Refuses a result with two columns of the same name, in any case (features are looked up by name, and a file
    /// to score cannot hold both 'a' and 'A' once its header is normalised): such a model could never score.
    /// </summary>
    internal static void CheckUniqueNames(IEnumerable<string> names, string? file = null)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (!seen.TryAdd(name, name))
            {
                var first = seen[name];
                throw new LeanMLInputException(
                    $"dataset.sql returns {(first == name ? $"the column name '{name}' twice" : $"the columns '{first}' and '{name}', the same name but for case")}; give each column its own name (AS ...).",
                    file,
                    field: "dataset.sql");
            }
        }
    }

    private static async Task<string?> ProbeAsync(Database warehouse, string sql, CancellationToken cancellationToken)
    {
        try
        {
            await using var cmd = warehouse.Command(sql);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (DbException ex)
        {
            return ex.Message;
        }
    }
}
