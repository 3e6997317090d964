using System.Text;
using LeanML.Internal;
using LeanML.Training;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LeanML.Projects;

/// <summary>
/// Changes the <c>stage:</c> of a brief in its text, keeping every comment, blank line and the layout: the YAML parser
/// gives the value's start and end marks, and only those characters are replaced (a missing key is added after
/// <c>owner:</c>, or at the end). The file is replaced atomically (a temp file beside it, then a rename), so a crash
/// never leaves half a brief.
/// </summary>
public static class ProjectStageFile
{
    /// <summary>Returns the brief text with its stage set to <paramref name="stage"/>, and the stage it had (null when unset).</summary>
    public static (string Text, string? Previous) WithStage(string file, string text, string stage)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!ProjectBrief.Stages.Contains(stage, StringComparer.Ordinal))
        {
            throw new LeanMLInputException($"'{stage}' is not a stage; write one of {string.Join(" | ", ProjectBrief.Stages)}.{Suggestions.DidYouMean(stage, ProjectBrief.Stages)}", field: "STAGE");
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new LeanMLInputException($"this is not valid YAML: {ex.Message.Split('\n')[0]}", file, (int)ex.Start.Line, (int)ex.Start.Column, inner: ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new LeanMLInputException("the brief must be a mapping of 'key: value' lines.", file, 1);
        }

        var key = root.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => k.Value == "stage");
        if (key is not null)
        {
            if (root.Children[key] is not YamlScalarNode value)
            {
                throw new LeanMLInputException("'stage' must be a single value.", file, (int)key.Start.Line, (int)key.Start.Column, field: "stage");
            }

            var previous = string.IsNullOrEmpty(value.Value) ? null : value.Value;
            // An empty value ("stage:") has no characters of its own: write after the colon, with a space.
            var (start, end) = ((int)value.Start.Index, (int)value.End.Index);
            var replacement = start == end ? " " + stage : stage;
            if (start == end)
            {
                start = end = (int)key.End.Index + 1;
            }

            return (text[..start] + replacement + text[end..], previous);
        }

        // No stage yet: a new line after owner: (or name:), else at the end, in the file's own line ending.
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var anchor = root.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: "owner" }).Value
            ?? root.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: "name" }).Value;
        if (anchor is YamlScalarNode && anchor.End.Line == anchor.Start.Line)
        {
            var lineEnd = text.IndexOf('\n', (int)anchor.End.Index);
            var at = lineEnd < 0 ? text.Length : lineEnd + 1;
            var prefix = lineEnd < 0 ? newline : "";
            return (text[..at] + prefix + "stage: " + stage + newline + text[at..], null);
        }

        var sb = new StringBuilder(text);
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            sb.Append(newline);
        }

        sb.Append("stage: ").Append(stage).Append(newline);
        return (sb.ToString(), null);
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically: a temp file in the same folder, then a rename over it.</summary>
    public static void WriteAtomically(string path, string text)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            System.IO.File.WriteAllText(temp, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            System.IO.File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (System.IO.File.Exists(temp))
            {
                System.IO.File.Delete(temp);
            }
        }
    }
}
