using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace LeanML.Digest;

/// <summary>
/// The digest as an Atom 1.0 feed (RFC 4287): a feed id derived from the workspace, one entry per item with the item's
/// stable id as a <c>urn:leanml:</c> URI, so a feed reader shows each item once however often the file is rewritten.
/// </summary>
public static class AtomFeed
{
    /// <summary>The Atom namespace.</summary>
    public const string Namespace = "http://www.w3.org/2005/Atom";

    /// <summary>Writes the feed of <paramref name="items"/> (newest first) to <paramref name="path"/>, atomically.</summary>
    public static void Write(string path, string workspaceName, IReadOnlyList<DigestItem> items, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(items);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), Async = false };
        using var buffer = new MemoryStream();
        using (var w = XmlWriter.Create(buffer, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("feed", Namespace);
            w.WriteElementString("id", Namespace, "urn:leanml:digest:" + Hash(workspaceName));
            w.WriteElementString("title", Namespace, $"LeanML digest: {workspaceName}");
            w.WriteElementString("updated", Namespace, Rfc3339(items.Count == 0 ? now : items.Max(i => i.At)));
            w.WriteStartElement("author", Namespace);
            w.WriteElementString("name", Namespace, "LeanML");
            w.WriteEndElement();
            w.WriteStartElement("generator", Namespace);
            w.WriteString("LeanML");
            w.WriteEndElement();
            foreach (var item in items.OrderByDescending(i => i.At).ThenBy(i => i.Id, StringComparer.Ordinal))
            {
                w.WriteStartElement("entry", Namespace);
                w.WriteElementString("id", Namespace, "urn:leanml:item:" + Uri.EscapeDataString(item.Id));
                w.WriteElementString("title", Namespace, item.Title);
                w.WriteElementString("updated", Namespace, Rfc3339(item.At));
                w.WriteStartElement("category", Namespace);
                w.WriteAttributeString("term", item.Kind);
                w.WriteEndElement();
                w.WriteStartElement("summary", Namespace);
                w.WriteAttributeString("type", "text");
                w.WriteString(item.Text);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndDocument();
        }

        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        Projects.ProjectStageFile.WriteAtomically(Path.GetFullPath(path), Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static string Rfc3339(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
