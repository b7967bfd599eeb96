using Portal.Domain.Crm;

namespace Portal.Tests.Domain.Crm;

public class EntitySelectionTests
{
    private static readonly long[] FirstPage = [1, 2, 3, 4, 5];
    private static readonly long[] SecondPage = [6, 7, 8, 9, 10];

    /// <summary>How many records the list's filter matches right now.</summary>
    private const long Matching = 1_000;

    [Fact]
    public void New_NothingSelected()
    {
        var selection = new EntitySelection();

        Assert.True(selection.IsEmpty);
        Assert.False(selection.AllMatching);
        Assert.False(selection.IsSelected(1));
        Assert.Equal(0, selection.Count(Matching));
    }

    [Fact]
    public void Toggle_RowsOnTwoPages_AllOfThemSelected()
    {
        var selection = new EntitySelection();

        selection.Toggle(2, selected: true);
        selection.Toggle(7, selected: true);
        selection.Toggle(9, selected: true);

        Assert.Equal([2, 7, 9], selection.Ids.Order());
        Assert.True(selection.IsSelected(7));
        Assert.False(selection.IsSelected(3));
        Assert.False(selection.IsEmpty);
        Assert.Equal(3, selection.Count(Matching));
    }

    [Fact]
    public void Toggle_SameRowTwice_CountedOnce()
    {
        var selection = new EntitySelection();

        selection.Toggle(2, selected: true);
        selection.Toggle(2, selected: true);

        Assert.Equal(1, selection.Count(Matching));
    }

    [Fact]
    public void Toggle_Untick_RowNoLongerSelected()
    {
        var selection = new EntitySelection();
        selection.Toggle(2, selected: true);
        selection.Toggle(7, selected: true);

        selection.Toggle(2, selected: false);
        selection.Toggle(4, selected: false);

        Assert.False(selection.IsSelected(2));
        Assert.Equal([7], selection.Ids);
        Assert.Equal(1, selection.Count(Matching));
    }

    [Fact]
    public void SetPage_SelectTwoPagesThenUntickTheFirst_OnlyTheSecondSelected()
    {
        var selection = new EntitySelection();

        selection.SetPage(FirstPage, selected: true);
        selection.SetPage(SecondPage, selected: true);
        selection.SetPage(FirstPage, selected: false);

        Assert.Equal(SecondPage, selection.Ids.Order());
        Assert.All(FirstPage, id => Assert.False(selection.IsSelected(id)));
    }

    [Fact]
    public void SelectAllMatching_EveryRowSelectedAndCountIsTheMatchingTotal()
    {
        var selection = new EntitySelection();
        selection.Toggle(2, selected: true);

        selection.SelectAllMatching();

        Assert.True(selection.AllMatching);
        Assert.Empty(selection.Ids);
        Assert.All(FirstPage.Concat(SecondPage).Append(999_999), id => Assert.True(selection.IsSelected(id)));
        Assert.Equal(Matching, selection.Count(Matching));
    }

    [Fact]
    public void SelectAllMatching_ThenUntickSome_ThoseAreExceptions()
    {
        var selection = new EntitySelection();
        selection.SelectAllMatching();

        selection.Toggle(3, selected: false);
        selection.SetPage(SecondPage, selected: false);

        Assert.False(selection.IsSelected(3));
        Assert.False(selection.IsSelected(8));
        Assert.True(selection.IsSelected(4));
        Assert.Equal([3, 6, 7, 8, 9, 10], selection.Ids.Order());
        Assert.Equal(Matching - 6, selection.Count(Matching));
    }

    [Fact]
    public void SelectAllMatching_UntickThenTickAgain_SelectedAgain()
    {
        var selection = new EntitySelection();
        selection.SelectAllMatching();
        selection.Toggle(3, selected: false);

        selection.Toggle(3, selected: true);

        Assert.True(selection.IsSelected(3));
        Assert.Equal(Matching, selection.Count(Matching));
    }

    [Fact]
    public void Count_FilterNowMatchesFewerThanTheExceptions_NeverNegative()
    {
        var selection = new EntitySelection();
        selection.SelectAllMatching();
        selection.SetPage(FirstPage, selected: false);

        Assert.Equal(0, selection.Count(matching: 3));
    }

    [Fact]
    public void Count_TickedRows_IndependentOfTheMatchingTotal()
    {
        var selection = new EntitySelection();
        selection.SetPage(FirstPage, selected: true);

        Assert.Equal(5, selection.Count(Matching));
        Assert.Equal(5, selection.Count(matching: 2));
    }

    [Fact]
    public void Clear_AfterTicks_NothingSelected()
    {
        var selection = new EntitySelection();
        selection.SetPage(FirstPage, selected: true);

        selection.Clear();

        AssertNothingSelected(selection);
    }

    [Fact]
    public void Clear_AfterAllMatchingWithExceptions_NothingSelected()
    {
        var selection = new EntitySelection();
        selection.SelectAllMatching();
        selection.Toggle(3, selected: false);

        selection.Clear();

        AssertNothingSelected(selection);
    }

    private static void AssertNothingSelected(EntitySelection selection)
    {
        Assert.True(selection.IsEmpty);
        Assert.False(selection.AllMatching);
        Assert.Empty(selection.Ids);
        Assert.All(FirstPage.Concat(SecondPage), id => Assert.False(selection.IsSelected(id)));
        Assert.Equal(0, selection.Count(Matching));
    }
}
