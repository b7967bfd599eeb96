using System.Globalization;
using System.Text;

namespace Portal.Domain.Scenarios.Templates;

/// <summary>Renders a parsed template against values, in one pass.</summary>
public static class TemplateRenderer
{
    /// <summary>
    /// The text with each placeholder replaced by its formatted value; a placeholder without a value
    /// renders empty. A template with syntax errors cannot be rendered. <paramref name="encode"/>, when given, is applied
    /// to each filled-in value (never to the template's own text): JSON escaping for a JSON body.
    /// </summary>
    public static string Render(Template template, IReadOnlyDictionary<string, TemplateValue> values, CultureInfo culture, Func<string, string>? encode = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(culture);
        if (template.Errors.Count > 0)
        {
            throw new InvalidOperationException($"The template has errors: {string.Join(", ", template.Errors.Select(e => $"{e.Code} at {e.Line}:{e.Column}"))}.");
        }

        var output = new StringBuilder(template.Source.Length);
        foreach (var segment in template.Segments)
        {
            output.Append(segment switch
            {
                TextSegment text => text.Text,
                PlaceholderSegment placeholder when encode is not null => encode(values.GetValueOrDefault(placeholder.Name, TemplateValue.Empty).Format(culture)),
                PlaceholderSegment placeholder => values.GetValueOrDefault(placeholder.Name, TemplateValue.Empty).Format(culture),
                _ => string.Empty,
            });
        }

        return output.ToString();
    }
}
