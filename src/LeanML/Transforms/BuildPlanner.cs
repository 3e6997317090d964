using LeanML.Internal;

namespace LeanML.Transforms;

/// <summary>
/// Orders transforms so each is built after those it reads (Kahn's algorithm, ties by name so the order is stable),
/// refuses a cycle and a reference to a relation that is neither a transform nor in the warehouse (both exit 3,
/// naming the files), and applies a selection: names, <c>NAME+</c> (it and everything downstream), <c>+NAME</c>
/// (it and everything upstream).
/// </summary>
public static class BuildPlanner
{
    /// <summary>
    /// Plans a build of <paramref name="project"/>. <paramref name="exists"/> says whether a relation that is not a
    /// transform is in the warehouse. <paramref name="names"/> and <paramref name="selectors"/> empty: every transform.
    /// </summary>
    public static BuildPlan Plan(TransformProject project, Func<RelationReference, bool> exists, IReadOnlyList<string> names, IReadOnlyList<string> selectors)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(exists);
        CheckReferences(project, exists);
        var order = TopologicalOrder(project);
        var chosen = Select(project, names, selectors);
        return new BuildPlan(chosen is null ? order : order.Where(t => chosen.Contains(t.Name)).ToList());
    }

    /// <summary>Every transform in dependency order; a cycle is an input error naming its files in order.</summary>
    public static IReadOnlyList<TransformDefinition> TopologicalOrder(TransformProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var indegree = project.Transforms.ToDictionary(t => t.Name, t => t.DependsOn.Count(d => d != t.Name), StringComparer.Ordinal);
        var dependants = project.Transforms.ToDictionary(t => t.Name, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var t in project.Transforms)
        {
            foreach (var d in t.DependsOn)
            {
                if (d == t.Name)
                {
                    throw new LeanMLInputException($"{t.File} reads itself ('{t.Name}'): a transform cannot depend on itself. Read the tables it is made from instead.", t.File, field: "SQL");
                }

                dependants[d].Add(t.Name);
            }
        }

        var ready = new SortedSet<string>(indegree.Where(kv => kv.Value == 0).Select(kv => kv.Key), StringComparer.Ordinal);
        var order = new List<TransformDefinition>(project.Transforms.Count);
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            order.Add(project.ByName[next]);
            foreach (var dep in dependants[next])
            {
                if (--indegree[dep] == 0)
                {
                    ready.Add(dep);
                }
            }
        }

        if (order.Count < project.Transforms.Count)
        {
            var cycle = FindCycle(project, indegree.Where(kv => kv.Value > 0).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal));
            throw new LeanMLInputException(
                $"the transforms read each other in a cycle: {string.Join(" -> ", cycle.Select(n => project.ByName[n].File))}. Break it: one of them must read tables, not the others.",
                project.ByName[cycle[0]].File, field: "SQL");
        }

        return order;
    }

    private static void CheckReferences(TransformProject project, Func<RelationReference, bool> exists)
    {
        foreach (var t in project.Transforms)
        {
            foreach (var r in t.Tables)
            {
                if (!exists(r))
                {
                    var candidates = project.Transforms.Select(x => x.Name).ToList();
                    throw new LeanMLInputException(
                        $"{t.File} reads '{r}', which is neither a transform in {TransformProject.TransformsFolder}/ nor a table or view in the warehouse.{Suggestions.DidYouMean(r.Name, candidates)} Load it with 'leanml ingest', or add {TransformProject.TransformsFolder}/{r.Name}.sql.",
                        t.File, r.Line, field: "SQL");
                }
            }
        }
    }

    // Walks the remaining graph (every node in it is on or leads to a cycle) until a name repeats.
    private static List<string> FindCycle(TransformProject project, HashSet<string> remaining)
    {
        var start = remaining.Order(StringComparer.Ordinal).First();
        var path = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var current = start;
        while (!index.ContainsKey(current))
        {
            index[current] = path.Count;
            path.Add(current);
            current = project.ByName[current].DependsOn.Where(remaining.Contains).Order(StringComparer.Ordinal).First();
        }

        var cycle = path[index[current]..];
        cycle.Add(current);
        return cycle;
    }

    private static HashSet<string>? Select(TransformProject project, IReadOnlyList<string> names, IReadOnlyList<string> selectors)
    {
        if (names.Count == 0 && selectors.Count == 0)
        {
            return null;
        }

        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in names)
        {
            chosen.Add(project.Get(n).Name);
        }

        foreach (var s in selectors)
        {
            var down = s.EndsWith('+');
            var up = s.StartsWith('+');
            var name = s.Trim('+');
            var root = project.Get(name, "--select").Name;
            chosen.Add(root);
            if (down)
            {
                Walk(root, n => project.Transforms.Where(t => t.DependsOn.Contains(n, StringComparer.Ordinal)).Select(t => t.Name), chosen);
            }

            if (up)
            {
                Walk(root, n => project.ByName[n].DependsOn, chosen);
            }
        }

        return chosen;
    }

    private static void Walk(string root, Func<string, IEnumerable<string>> next, HashSet<string> into)
    {
        var stack = new Stack<string>([root]);
        while (stack.Count > 0)
        {
            foreach (var n in next(stack.Pop()))
            {
                if (into.Add(n))
                {
                    stack.Push(n);
                }
            }
        }
    }
}
