using NotebookRunner.Html;
using NotebookRunner.Slides;

namespace NotebookRunner.Tests.Slides;

/// <summary>Where slides break: sections, subslides, level-3 headings in long sections, the height budget.</summary>
public class DeckLayoutTests
{
    static SlidePiece Text(string name, double height = 100) => new(name, height);

    static SlidePiece Heading(int level, string name, double height = 60) => new(name, height)
    {
        Heading = new PageHeading(level, name, name, name),
        Break = level <= 2 ? SlideBreak.Section : level == 3 ? SlideBreak.Subsection : SlideBreak.None,
    };

    static SlidePiece Notes(string name) => new(name, 100) { Notes = true };

    /// <summary>Each slide as the names of its pieces joined by spaces, each stack a list of slides.</summary>
    static List<List<string>> Names(IReadOnlyList<SlideStack> stacks) =>
        stacks.Select(s => s.Slides.Select(slide => string.Join(" ", slide.Pieces.Select(p => p.Html))).ToList()).ToList();

    [Fact]
    public void The_title_and_each_level_two_heading_start_a_horizontal_slide()
    {
        var stacks = DeckLayout.Arrange([Heading(1, "title"), Text("intro"), Text("setup"), Heading(2, "a"), Text("a1"), Heading(2, "b"), Text("b1"), Heading(1, "part"), Text("p1")]);
        Assert.Equal([["title intro setup"], ["a a1"], ["b b1"], ["part p1"]], Names(stacks));
        Assert.All(stacks, s => Assert.Null(s.Slides[0].Continues));
    }

    [Fact]
    public void Text_before_any_heading_is_the_first_slide()
    {
        Assert.Equal([["x y"], ["a"]], Names(DeckLayout.Arrange([Text("x"), Text("y"), Heading(2, "a")])));
        Assert.Empty(DeckLayout.Arrange([]));
    }

    [Fact]
    public void A_long_section_fills_vertical_slides_up_to_the_budget_and_they_name_the_section()
    {
        var stacks = DeckLayout.Arrange([Heading(2, "a"), Text("1", 200), Text("2", 200), Text("3", 200), Text("4", 200), Text("5", 100)], budget: 625);
        Assert.Equal([["a 1 2", "3 4 5"]], Names(stacks));
        Assert.Null(stacks[0].Slides[0].Continues);
        Assert.Equal("a", stacks[0].Slides[1].Continues!.Text);
    }

    [Fact]
    public void The_continued_header_counts_against_the_budget()
    {
        // 60 + 280 + 280 = 620 fits the first slide; the second has 42 less, so 280 + 280 + 60 = 620 does not.
        var stacks = DeckLayout.Arrange([Heading(2, "a"), Text("1", 280), Text("2", 280), Text("3", 280), Text("4", 280), Text("5", 60)], budget: 625);
        Assert.Equal([["a 1 2", "3 4", "5"]], Names(stacks));
    }

    [Fact]
    public void A_piece_taller_than_a_slide_gets_a_slide_of_its_own()
    {
        var stacks = DeckLayout.Arrange([Heading(2, "a"), Text("small", 100), Text("huge", 2000), Text("after", 100)], budget: 625);
        Assert.Equal([["a small", "huge", "after"]], Names(stacks));

        // Below its heading when nothing else is on the slide yet.
        Assert.Equal([["a b huge", "after"]], Names(DeckLayout.Arrange([Heading(2, "a"), Heading(4, "b"), Text("huge", 2000), Text("after", 100)], budget: 625)));
    }

    [Fact]
    public void A_heading_moves_on_with_the_piece_after_it()
    {
        var stacks = DeckLayout.Arrange([Heading(2, "a"), Text("1", 450), Heading(4, "h4", 40), Text("2", 200)], budget: 625);
        Assert.Equal([["a 1", "h4 2"]], Names(stacks));
    }

    [Fact]
    public void Level_three_headings_split_a_section_only_when_it_does_not_fit()
    {
        var fits = DeckLayout.Arrange([Heading(2, "a"), Text("1"), Heading(3, "b"), Text("2"), Heading(3, "c"), Text("3")], budget: 625);
        Assert.Equal([["a 1 b 2 c 3"]], Names(fits));

        var tall = DeckLayout.Arrange([Heading(2, "a"), Text("1"), Heading(3, "b"), Text("2", 300), Heading(3, "c"), Text("3")], budget: 625);
        Assert.Equal([["a 1", "b 2", "c 3"]], Names(tall));
        Assert.All(tall[0].Slides.Skip(1), s => Assert.Equal("a", s.Continues!.Text));
    }

    [Fact]
    public void Subslide_breaks_always_start_a_vertical_slide_and_slide_breaks_a_horizontal_one()
    {
        var stacks = DeckLayout.Arrange([Heading(2, "a"), Text("1"), Text("2") with { Break = SlideBreak.Subslide }, Text("3"), Text("4") with { Break = SlideBreak.Section }, Text("5")]);
        Assert.Equal([["a 1", "2 3"], ["4 5"]], Names(stacks));
        Assert.Null(stacks[1].Slides[0].Continues);
    }

    [Fact]
    public void Notes_belong_to_the_slide_they_fall_on_and_take_no_room()
    {
        var stacks = DeckLayout.Arrange([Heading(2, "a"), Notes("n1"), Text("1", 500), Notes("n2"), Text("2", 500), Notes("n3")], budget: 625);
        Assert.Equal([["a 1", "2"]], Names(stacks));
        Assert.Equal(["n1", "n2"], stacks[0].Slides[0].Notes.Select(n => n.Html));
        Assert.Equal(["n3"], stacks[0].Slides[1].Notes.Select(n => n.Html));

        // Notes after a subslide break with nothing to show stay with the slide before.
        var alone = DeckLayout.Arrange([Heading(2, "a"), Notes("n1") with { Break = SlideBreak.Subslide }]);
        Assert.Equal([["a"]], Names(alone));
        Assert.Equal(["n1"], alone[0].Slides[0].Notes.Select(n => n.Html));
    }
}
