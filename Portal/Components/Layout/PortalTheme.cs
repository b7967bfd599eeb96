using MudBlazor;

namespace Portal.Components.Layout;

/// <summary>
/// The portal's one MudBlazor theme: its colours (indigo primary, pink links and accents, grey body) as a light palette and
/// its dark variant, and the portal's type (Roboto). Layouts pass it to <c>&lt;MudThemeProvider Theme="PortalTheme.Theme" /&gt;</c>;
/// pages never set colours of their own, they use <c>Color.Primary</c>, <c>Color.Secondary</c>, … and
/// <c>var(--mud-palette-…)</c> in CSS.
/// </summary>
public static class PortalTheme
{
    private static readonly string[] FontFamily = ["Roboto", "Segoe UI", "Arial", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#4340d2",
            PrimaryDarken = "#3633a8",
            PrimaryLighten = "#6966db",
            PrimaryContrastText = "#ffffff",
            Secondary = "#e31c65",
            SecondaryDarken = "#b61651",
            SecondaryLighten = "#e94984",
            Tertiary = "#01a299",
            Info = "#2196f3",
            Success = "#4caf50",
            Warning = "#ff9800",
            Error = "#f44336",
            Dark = "#212121",
            Black = "#000000",
            White = "#ffffff",
            AppbarBackground = "#4340d2",
            AppbarText = "#ffffff",
            Background = "#f5f5f5",
            BackgroundGray = "#eeeeee",
            Surface = "#ffffff",
            DrawerBackground = "#ffffff",
            DrawerText = "#424242",
            DrawerIcon = "#616161",
            TextPrimary = "#424242",
            TextSecondary = "#616161",
            TextDisabled = "#bdbdbd",
            ActionDefault = "#616161",
            LinesDefault = "#e0e0e0",
            LinesInputs = "#bdbdbd",
            TableLines = "#eeeeee",
            TableStriped = "#fafafa",
            TableHover = "rgba(67, 64, 210, 0.06)",
            Divider = "#e0e0e0",
            DividerLight = "#eeeeee",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#bb86fc",
            PrimaryDarken = "#966bca",
            PrimaryLighten = "#c99efd",
            PrimaryContrastText = "#121212",
            Secondary = "#01a299",
            SecondaryDarken = "#01827a",
            SecondaryLighten = "#34b5ad",
            Tertiary = "#e31c65",
            Info = "#2196f3",
            Success = "#4caf50",
            Warning = "#ff9800",
            Error = "#f44336",
            AppbarBackground = "#252525",
            AppbarText = "#e0e0e0",
            Background = "#121212",
            BackgroundGray = "#1e1e1e",
            Surface = "#1e1e1e",
            DrawerBackground = "#1e1e1e",
            DrawerText = "#e0e0e0",
            DrawerIcon = "#a0a0a0",
            TextPrimary = "#e0e0e0",
            TextSecondary = "#a0a0a0",
            TextDisabled = "#6c6c6c",
            ActionDefault = "#a0a0a0",
            LinesDefault = "#383838",
            LinesInputs = "#545454",
            TableLines = "#333333",
            TableStriped = "#252525",
            Divider = "#383838",
            DividerLight = "#2e2e2e",
        },
        // The material type scale: page titles are H4.
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontFamily, FontSize = "0.875rem", FontWeight = "400", LineHeight = "1.43", LetterSpacing = "normal" },
            H1 = new H1Typography { FontFamily = FontFamily, FontSize = "clamp(4.5rem, 6.667vw, 6rem)", FontWeight = "400", LineHeight = "1.167", LetterSpacing = "-1.5px" },
            H2 = new H2Typography { FontFamily = FontFamily, FontSize = "clamp(3rem, 4.167vw, 3.75rem)", FontWeight = "400", LineHeight = "1.2", LetterSpacing = "-0.5px" },
            H3 = new H3Typography { FontFamily = FontFamily, FontSize = "clamp(2.25rem, 3.333vw, 3rem)", FontWeight = "400", LineHeight = "1.167", LetterSpacing = "0" },
            H4 = new H4Typography { FontFamily = FontFamily, FontSize = "clamp(1.75rem, 2.361vw, 2.125rem)", FontWeight = "400", LineHeight = "1.235", LetterSpacing = "0.25px" },
            H5 = new H5Typography { FontFamily = FontFamily, FontSize = "clamp(1.25rem, 1.667vw, 1.5rem)", FontWeight = "400", LineHeight = "1.334", LetterSpacing = "0" },
            H6 = new H6Typography { FontFamily = FontFamily, FontSize = "clamp(1rem, 1.389vw, 1.25rem)", FontWeight = "500", LineHeight = "1.6", LetterSpacing = "0.15px" },
            Subtitle1 = new Subtitle1Typography { FontFamily = FontFamily, FontSize = "1rem", FontWeight = "400", LineHeight = "1.5", LetterSpacing = "0.15px" },
            Subtitle2 = new Subtitle2Typography { FontFamily = FontFamily, FontSize = "0.875rem", FontWeight = "500", LineHeight = "1.5", LetterSpacing = "0.1px" },
            Body1 = new Body1Typography { FontFamily = FontFamily, FontSize = "1rem", FontWeight = "400", LineHeight = "1.5", LetterSpacing = "0.5px" },
            Body2 = new Body2Typography { FontFamily = FontFamily, FontSize = "0.875rem", FontWeight = "400", LineHeight = "1.5", LetterSpacing = "0.25px" },
            Button = new ButtonTypography { FontFamily = FontFamily, FontSize = "0.875rem", FontWeight = "500", LineHeight = "1.75", LetterSpacing = "1.25px", TextTransform = "uppercase" },
            Caption = new CaptionTypography { FontFamily = FontFamily, FontSize = "0.75rem", FontWeight = "400", LineHeight = "1.66", LetterSpacing = "0.4px" },
            Overline = new OverlineTypography { FontFamily = FontFamily, FontSize = "0.625rem", FontWeight = "400", LineHeight = "2.66", LetterSpacing = "1.5px", TextTransform = "uppercase" },
        },
        LayoutProperties = new LayoutProperties
        {
            DefaultBorderRadius = "4px",
            AppbarHeight = "3.5rem",
            DrawerWidthLeft = "15rem",
        },
    };
}
