using LeanML.Projects;

namespace LeanML.Tests.Projects;

public sealed class ProjectStageFileTests
{
    private const string Brief = """
        # The churn project: owned by CS analytics.
        name: churn
        owner: ana@acme.example   # ask Ana first
        stage: modeling          # intake | data | modeling | shipped | measuring | done | parked

        due: 2026-12-15
        dataset:
          sql: |
            SELECT * FROM customers   -- stage: not this one
          label: churned
        """;

    [Fact]
    public void Only_the_stage_value_changes_and_every_comment_and_blank_line_stays()
    {
        var (text, previous) = ProjectStageFile.WithStage("projects/churn/project.yaml", Brief, "shipped");

        Assert.Equal("modeling", previous);
        Assert.Equal(Brief.Replace("stage: modeling          #", "stage: shipped          #", StringComparison.Ordinal), text);
        Assert.Equal("shipped", ProjectCard.Parse("churn", "p.yaml", text).Stage);
    }

    [Fact]
    public void A_quoted_stage_is_replaced_whole_and_crlf_files_keep_their_line_endings()
    {
        var crlf = "name: x\r\nstage: \"data\"  # quoted\r\nowner: bo\r\n";
        var (text, previous) = ProjectStageFile.WithStage("p.yaml", crlf, "parked");
        Assert.Equal("data", previous);
        Assert.Equal("name: x\r\nstage: parked  # quoted\r\nowner: bo\r\n", text);
    }

    [Fact]
    public void A_brief_without_a_stage_gets_one_after_the_owner()
    {
        var (text, previous) = ProjectStageFile.WithStage("p.yaml", "name: x\nowner: bo  # lead\ndue: 2026-12-01\n", "data");
        Assert.Null(previous);
        Assert.Equal("name: x\nowner: bo  # lead\nstage: data\ndue: 2026-12-01\n", text);

        var (empty, _) = ProjectStageFile.WithStage("p.yaml", "name: x\nstage:\n", "intake");
        Assert.Equal("name: x\nstage: intake\n", empty);
    }

    [Fact]
    public void An_unknown_stage_is_refused_with_the_valid_ones_and_a_suggestion()
    {
        var error = Assert.Throws<LeanMLInputException>(() => ProjectStageFile.WithStage("p.yaml", "stage: data\n", "shiped"));
        Assert.Contains("shipped", error.Message, StringComparison.Ordinal);
        Assert.Contains("intake | data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_atomic_write_leaves_no_temp_file()
    {
        var dir = Directory.CreateTempSubdirectory("leanml-stage-");
        try
        {
            var path = Path.Combine(dir.FullName, "project.yaml");
            File.WriteAllText(path, "stage: data\n");
            ProjectStageFile.WriteAtomically(path, "stage: done\n");
            Assert.Equal("stage: done\n", File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(dir.FullName));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
