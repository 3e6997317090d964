using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LeanML.Ingestion;
using LeanML.Internal;
using LeanML.Storage;

namespace LeanML.Transforms;

/// <summary>
/// The transforms (<c>transforms/*.sql</c> with their <c>.yaml</c>) and the sources' data tests
/// (<c>sources/*.yaml</c>) of a workspace, read and checked: one SELECT per file, a valid name, tests well formed. Each
/// transform knows which other transforms it reads (from its SQL) and which warehouse relations.
/// </summary>
public sealed partial class TransformProject
{
    /// <summary>The folder of the transforms, relative to the workspace root.</summary>
    public const string TransformsFolder = "transforms";

    /// <summary>The folder of the declared sources, relative to the workspace root.</summary>
    public const string SourcesFolder = "sources";

    private TransformProject(string root, IReadOnlyList<TransformDefinition> transforms, IReadOnlyList<SourceDefinition> sources)
    {
        Root = root;
        Transforms = transforms;
        Sources = sources;
        ByName = transforms.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The workspace root the files were read from.</summary>
    public string Root { get; }

    /// <summary>Every transform, by name.</summary>
    public IReadOnlyList<TransformDefinition> Transforms { get; }

    /// <summary>Every declared source, by name.</summary>
    public IReadOnlyList<SourceDefinition> Sources { get; }

    /// <summary>The transforms by name (case-insensitive, as DuckDB resolves names).</summary>
    public IReadOnlyDictionary<string, TransformDefinition> ByName { get; }

    /// <summary>Reads the transforms and sources of the workspace rooted at <paramref name="root"/>.</summary>
    public static TransformProject Load(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var transforms = new List<TransformDefinition>();
        var dir = Path.Combine(root, TransformsFolder);
        if (Directory.Exists(dir))
        {
            var sqlFiles = Directory.GetFiles(dir, "*.sql").Order(StringComparer.Ordinal).ToList();
            foreach (var file in sqlFiles)
            {
                transforms.Add(ReadTransform(root, file));
            }

            foreach (var yaml in Directory.GetFiles(dir, "*.yaml").Concat(Directory.GetFiles(dir, "*.yml")))
            {
                if (!File.Exists(Path.ChangeExtension(yaml, ".sql")))
                {
                    throw new LeanMLInputException(
                        $"{Relative(root, yaml)} has no transform beside it: add {Path.GetFileNameWithoutExtension(yaml)}.sql, or rename the YAML after the transform it describes.",
                        Relative(root, yaml));
                }
            }
        }

        var sources = new List<SourceDefinition>();
        var sourcesDir = Path.Combine(root, SourcesFolder);
        if (Directory.Exists(sourcesDir))
        {
            foreach (var file in Directory.GetFiles(sourcesDir, "*.yaml").Concat(Directory.GetFiles(sourcesDir, "*.yml")).Order(StringComparer.Ordinal))
            {
                sources.Add(ReadSource(root, file));
            }
        }

        return new TransformProject(root, Resolve(transforms), sources);
    }

    /// <summary>A transform by name, or an input error suggesting the closest name.</summary>
    public TransformDefinition Get(string name, string field = "NAME") =>
        ByName.TryGetValue(name, out var t)
            ? t
            : throw new LeanMLInputException(
                Transforms.Count == 0
                    ? $"there is no transform '{name}': {TransformsFolder}/ has no .sql file. Write one SELECT in {TransformsFolder}/{name}.sql."
                    : $"there is no transform '{name}' in {TransformsFolder}/.{Suggestions.DidYouMean(name, Transforms.Select(x => x.Name).ToList())} Transforms: {string.Join(", ", Transforms.Select(x => x.Name))}.",
                field: field);

    private static TransformDefinition ReadTransform(string root, string file)
    {
        var relative = Relative(root, file);
        var name = Path.GetFileNameWithoutExtension(file);
        if (!NamePattern().IsMatch(name))
        {
            throw new LeanMLInputException(
                $"'{name}' cannot be a transform name: name the file in lower-case snake_case (letters, digits, _; e.g. {SqlNames.ToSnakeCase(name)}.sql), so the SQL can read it unquoted.",
                relative, field: "file name");
        }

        SqlNames.RefuseReserved(name, relative, "the file name");
        var text = File.ReadAllText(file);
        string sql;
        try
        {
            sql = SqlStatements.RequireOne(text, "SQL");
        }
        catch (LeanMLInputException ex)
        {
            throw new LeanMLInputException(ex.Message, relative, field: "SQL", inner: ex);
        }

        var tokens = SqlTokenizer.Tokenize(sql);
        if (tokens.Count == 0 || !(tokens[0].Is("select") || tokens[0].Is("with") || tokens[0].Is("from") || tokens[0].Is("values") || tokens[0].Text == "("))
        {
            throw new LeanMLInputException(
                $"a transform is one SELECT (or WITH ... SELECT); this one starts with '{(tokens.Count == 0 ? "nothing" : tokens[0].Text)}'. LeanML creates the view or table itself.",
                relative, tokens.Count == 0 ? 1 : tokens[0].Line, field: "SQL");
        }

        var materialized = FirstLineMaterialization(text, relative);
        IReadOnlyList<DataTestDefinition> tests = [];
        var yamlFile = new[] { ".yaml", ".yml" }.Select(e => Path.ChangeExtension(file, e)).FirstOrDefault(File.Exists);
        if (yamlFile is not null)
        {
            var yaml = YamlSection.Parse(Relative(root, yamlFile), File.ReadAllText(yamlFile));
            yaml.AllowOnly("name", "description", "materialized", "columns", "tests", "data_tests", "freshness");
            if (yaml.OneOf("materialized", ["view", "table"]) is { } m)
            {
                var fromYaml = m == "table" ? Materialization.Table : Materialization.View;
                if (materialized is { } fromSql && fromSql != fromYaml)
                {
                    throw yaml.Error("materialized", $"says {m}, but the first line of {relative} says {fromSql.ToString().ToLowerInvariant()}; keep one of them");
                }

                materialized = fromYaml;
            }

            tests = DataTestParser.Read(yaml);
        }

        var kind = materialized ?? Materialization.View;
        return new TransformDefinition(name, relative, sql, kind, SqlRelationReferences.Find(sql), tests)
        {
            SqlHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\n" + sql))),
        };
    }

    // "-- materialized: table" on the first line.
    private static Materialization? FirstLineMaterialization(string text, string file)
    {
        var first = text.Split('\n', 2)[0].Trim();
        if (!first.StartsWith("--", StringComparison.Ordinal))
        {
            return null;
        }

        var comment = first[2..].Trim();
        if (!comment.StartsWith("materialized", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var value = comment["materialized".Length..].TrimStart().TrimStart(':', '=').Trim().ToLowerInvariant();
        return value switch
        {
            "table" => Materialization.Table,
            "view" => Materialization.View,
            _ => throw new LeanMLInputException($"the first line says 'materialized: {value}'; write '-- materialized: table' or '-- materialized: view'.", file, 1, field: "materialized"),
        };
    }

    private static SourceDefinition ReadSource(string root, string file)
    {
        var shown = Relative(root, file);
        var yaml = YamlSection.Parse(shown, File.ReadAllText(file));
        var name = Path.GetFileNameWithoutExtension(file);
        // Only 'table', 'path', 'columns', 'tests' and 'freshness' are read here; the other keys are ingestion's.
        var table = yaml.String("table") is { Length: > 0 } t ? t
            : yaml.String("path") is { Length: > 0 } p ? IngestService.DefaultTable(p)
            : IngestService.DefaultTable(name);
        return new SourceDefinition(name, shown, table, DataTestParser.Read(yaml));
    }

    // Splits each transform's references into other transforms (by name, in the user schema) and warehouse relations.
    private static List<TransformDefinition> Resolve(List<TransformDefinition> transforms)
    {
        var names = transforms.Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return transforms.Select(t =>
        {
            var depends = new List<string>();
            var tables = new List<RelationReference>();
            foreach (var r in t.References)
            {
                if (IsUserSchema(r.Schema) && names.Contains(r.Name))
                {
                    var target = transforms.First(x => x.Name.Equals(r.Name, StringComparison.OrdinalIgnoreCase)).Name;
                    if (!depends.Contains(target, StringComparer.Ordinal))
                    {
                        depends.Add(target);
                    }
                }
                else
                {
                    tables.Add(r);
                }
            }

            return t with { DependsOn = depends, Tables = tables };
        }).ToList();
    }

    /// <summary>True for no schema, or the user schema of either warehouse (DuckDB's main, PostgreSQL's public).</summary>
    public static bool IsUserSchema(string? schema) =>
        schema is null || schema.Equals("main", StringComparison.OrdinalIgnoreCase) || schema.Equals("public", StringComparison.OrdinalIgnoreCase);

    private static string Relative(string root, string file) => Path.GetRelativePath(root, file).Replace('\\', '/');

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex NamePattern();
}
