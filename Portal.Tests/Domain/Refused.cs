using Portal.Domain.Crm;

namespace Portal.Tests.Domain;

/// <summary>Asserts a <see cref="CrmValidationException"/> naming the field and the reason.</summary>
internal static class Refused
{
    public static CrmValidationException Because(string field, string reason, Action act) =>
        Check(Assert.Throws<CrmValidationException>(act), field, reason);

    /// <summary>For constructors and factories: the value they would have made is never seen.</summary>
    public static CrmValidationException Because(string field, string reason, Func<object> create) =>
        Check(Assert.Throws<CrmValidationException>(create), field, reason);

    private static CrmValidationException Check(CrmValidationException error, string field, string reason)
    {
        Assert.Equal(field, error.Field);
        Assert.Equal(reason, error.Reason);
        return error;
    }
}
