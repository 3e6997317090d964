using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LeanML.Internal;

/// <summary>
/// A YAML mapping read with its line numbers, so every validation error of a hand-written file
/// (leanml.yaml, a project brief, an experiment) names the file, the line and the key, and suggests a fix.
/// </summary>
internal sealed class YamlSection
{
    private readonly YamlMappingNode _node;

    private YamlSection(string file, string path, YamlMappingNode node)
    {
        File = file;
        Path = path;
        _node = node;
    }

    /// <summary>The file the section came from, as shown in messages.</summary>
    public string File { get; }

    /// <summary>The dotted path of this section inside the file ("" for the root).</summary>
    public string Path { get; }

    /// <summary>The 1-based line where this section starts.</summary>
    public int Line => (int)_node.Start.Line;

    /// <summary>Parses YAML text whose root must be a mapping; an empty document is an empty mapping.</summary>
    public static YamlSection Parse(string file, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new LeanMLInputException($"this is not valid YAML: {FirstLine(ex.Message)}", file, (int)ex.Start.Line, (int)ex.Start.Column, inner: ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new YamlSection(file, "", new YamlMappingNode());
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new LeanMLInputException("the file must be a mapping of 'key: value' lines.", file, (int)stream.Documents[0].RootNode.Start.Line);
        }

        return new YamlSection(file, "", root);
    }

    /// <summary>Reads and parses a YAML file; an unreadable file is an input error naming it.</summary>
    public static YamlSection Load(string file)
    {
        string text;
        try
        {
            text = System.IO.File.ReadAllText(file);
        }
        catch (IOException ex)
        {
            throw new LeanMLInputException($"cannot read the file: {ex.Message}", file, inner: ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new LeanMLInputException($"cannot read the file: {ex.Message}", file, inner: ex);
        }

        return Parse(file, text);
    }

    /// <summary>The keys present, in file order.</summary>
    public IEnumerable<string> Keys => _node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "");

    /// <summary>True when the key is present.</summary>
    public bool Has(string key) => Find(key) is not null;

    /// <summary>Rejects any key not in <paramref name="allowed"/>, suggesting the closest valid one.</summary>
    public void AllowOnly(params string[] allowed)
    {
        foreach (var (keyNode, _) in _node.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? keyNode.ToString();
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                throw new LeanMLInputException(
                    $"unknown key '{Qualified(key)}'.{Suggestions.DidYouMean(key, allowed)} Valid keys here: {string.Join(", ", allowed)}.",
                    File, (int)keyNode.Start.Line, (int)keyNode.Start.Column, field: Qualified(key));
            }
        }
    }

    /// <summary>A scalar value as text; a missing required key is an error naming where it belongs.</summary>
    public string? String(string key, bool required = false)
    {
        var value = Find(key);
        if (value is null)
        {
            if (required)
            {
                throw new LeanMLInputException($"the required key '{Qualified(key)}' is missing; add it{(Path.Length == 0 ? "" : $" under '{Path}'")}.", File, Line, field: Qualified(key));
            }

            return null;
        }

        if (value is not YamlScalarNode scalar)
        {
            throw Error(key, "must be a single value, not a list or a mapping");
        }

        if (required && string.IsNullOrWhiteSpace(scalar.Value))
        {
            throw Error(key, "must not be empty");
        }

        return scalar.Value;
    }

    /// <summary>A value that must be one of <paramref name="allowed"/>; anything else suggests the closest.</summary>
    public string? OneOf(string key, IReadOnlyCollection<string> allowed, bool required = false)
    {
        var value = String(key, required);
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            throw Error(key, $"is '{value}', which is not one of {string.Join(" | ", allowed)}.{Suggestions.DidYouMean(value, allowed)}");
        }

        return value;
    }

    /// <summary>An integer value, range-checked.</summary>
    public int? Int(string key, int min = int.MinValue, int max = int.MaxValue, bool required = false)
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw Error(key, $"is '{text}'; write a whole number between {min} and {max}");
        }

        return value;
    }

    /// <summary>A real value, range-checked.</summary>
    public double? Number(string key, double min = double.MinValue, double max = double.MaxValue, bool required = false)
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw Error(key, $"is '{text}'; write a number between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
        }

        return value;
    }

    /// <summary>A true/false value.</summary>
    public bool? Bool(string key, bool required = false)
    {
        var text = String(key, required);
        return text?.ToLowerInvariant() switch
        {
            null => null,
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error(key, $"is '{text}'; write true or false"),
        };
    }

    /// <summary>A list of scalars (a YAML sequence, or a single scalar taken as a list of one).</summary>
    public IReadOnlyList<string>? StringList(string key)
    {
        var value = Find(key);
        return value switch
        {
            null => null,
            YamlScalarNode s => string.IsNullOrEmpty(s.Value) ? [] : [s.Value],
            YamlSequenceNode seq => seq.Children.Select((c, i) => c is YamlScalarNode s ? s.Value ?? "" : throw ErrorAt(c, $"'{Qualified(key)}[{i}]' must be a single value")).ToList(),
            _ => throw Error(key, "must be a list like [a, b]"),
        };
    }

    /// <summary>A nested mapping, or null when absent.</summary>
    public YamlSection? Section(string key, bool required = false)
    {
        var value = Find(key);
        if (value is null)
        {
            return required ? throw new LeanMLInputException($"the required section '{Qualified(key)}' is missing.", File, Line, field: Qualified(key)) : null;
        }

        return value is YamlMappingNode map
            ? new YamlSection(File, Qualified(key), map)
            : throw Error(key, "must be a mapping of 'key: value' lines");
    }

    /// <summary>A sequence of mappings (e.g. the variants of an experiment).</summary>
    public IReadOnlyList<YamlSection> SectionList(string key, bool required = false)
    {
        var value = Find(key);
        if (value is null)
        {
            return required ? throw new LeanMLInputException($"the required list '{Qualified(key)}' is missing.", File, Line, field: Qualified(key)) : [];
        }

        if (value is not YamlSequenceNode seq)
        {
            throw Error(key, "must be a list of mappings");
        }

        return seq.Children.Select((c, i) => c is YamlMappingNode m
            ? new YamlSection(File, $"{Qualified(key)}[{i}]", m)
            : throw ErrorAt(c, $"'{Qualified(key)}[{i}]' must be a mapping like {{name: x}}")).ToList();
    }

    /// <summary>The sub-sections of a mapping keyed by name (e.g. the metrics of an experiment).</summary>
    public IReadOnlyList<(string Name, YamlSection Section)> NamedSections()
    {
        var list = new List<(string, YamlSection)>();
        foreach (var (k, v) in _node.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            list.Add((name, v is YamlMappingNode m ? new YamlSection(File, Qualified(name), m) : throw ErrorAt(v, $"'{Qualified(name)}' must be a mapping")));
        }

        return list;
    }

    /// <summary>
    /// A list whose items are each a name or a one-key mapping (dbt's <c>tests: [not_null, {accepted_range: {min: 0}}]</c>):
    /// each item's name, its arguments when they are a mapping, its value when it is a single value, and its line.
    /// </summary>
    public IReadOnlyList<(string Name, YamlSection? Arguments, string? Value, int Line)> NamedItems(string key)
    {
        var value = Find(key);
        if (value is null)
        {
            return [];
        }

        if (value is not YamlSequenceNode seq)
        {
            throw Error(key, "must be a list like [not_null, unique]");
        }

        var items = new List<(string, YamlSection?, string?, int)>();
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var item = seq.Children[i];
            var where = $"{Qualified(key)}[{i}]";
            switch (item)
            {
                case YamlScalarNode s:
                    items.Add((s.Value ?? "", null, null, (int)s.Start.Line));
                    break;
                case YamlMappingNode m when m.Children.Count == 1:
                    var (k, v) = m.Children.First();
                    var name = (k as YamlScalarNode)?.Value ?? "";
                    items.Add(v switch
                    {
                        YamlMappingNode args => (name, new YamlSection(File, $"{where}.{name}", args), null, (int)k.Start.Line),
                        YamlScalarNode scalar => (name, null, scalar.Value, (int)k.Start.Line),
                        _ => throw ErrorAt(v, $"'{where}.{name}' must be a mapping of arguments like {{min: 0}} or one value"),
                    });
                    break;
                default:
                    throw ErrorAt(item, $"'{where}' must be a test name or a mapping with one test name, like {{accepted_range: {{min: 0}}}}");
            }
        }

        return items;
    }

    /// <summary>The line of a key (or of the section when absent), for messages about its value.</summary>
    public int LineOf(string key) => (int)(FindKey(key)?.Start.Line ?? _node.Start.Line);

    /// <summary>An input error about the value of <paramref name="key"/>, located at its line.</summary>
    public LeanMLInputException Error(string key, string message)
    {
        var node = Find(key) ?? (YamlNode?)FindKey(key) ?? _node;
        return new LeanMLInputException($"'{Qualified(key)}' {message}.".Replace("..", ".", StringComparison.Ordinal), File, (int)node.Start.Line, (int)node.Start.Column, field: Qualified(key));
    }

    private LeanMLInputException ErrorAt(YamlNode node, string message) =>
        new(message + ".", File, (int)node.Start.Line, (int)node.Start.Column);

    private string Qualified(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    private YamlScalarNode? FindKey(string key) =>
        _node.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => k.Value == key);

    private YamlNode? Find(string key)
    {
        var k = FindKey(key);
        return k is null ? null : _node.Children[k];
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
