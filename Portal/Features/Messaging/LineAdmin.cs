using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Connectors.WhatsApp;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Domain.Security;
using Portal.Features.Account;
using Portal.Features.Audit;
using Portal.Features.Crm;
using Portal.Features.Engine;
using Portal.Features.RunLog;
using Portal.Localization;

namespace Portal.Features.Messaging;

/// <summary>A row of the lines grid.</summary>
public sealed record LineSummary(
    int Id,
    string Name,
    LineKind Kind,
    string? PhoneNumber,
    int RatePerSecond,
    bool IsActive,
    bool HasAccessToken,
    int Messages);

/// <summary>
/// A line as the editor holds it. The stored access token and app secret are never read back: the editor only
/// learns whether they exist (<see cref="HasAccessToken"/>, <see cref="HasAppSecret"/>); a new value typed in
/// <see cref="AccessToken"/> or <see cref="AppSecret"/> replaces the stored one, an empty field keeps it.
/// </summary>
public sealed class LineDraft
{
    public int? Id { get; init; }

    /// <summary>The row version the editor opened; a save against a newer row is a conflict.</summary>
    public uint Version { get; init; }

    public LineKind Kind { get; set; } = LineKind.CloudApi;

    public string Name { get; set; } = string.Empty;

    public string? PhoneNumber { get; set; }

    public int RatePerSecond { get; set; } = WhatsAppLine.DefaultRatePerSecond;

    public bool IsActive { get; set; } = true;

    public string? BaseUrl { get; set; } = WhatsAppLine.DefaultBaseUrl;

    /// <summary>Plain http allowed for <see cref="BaseUrl"/> (a test server); otherwise it must be https.</summary>
    public bool AllowPlainHttp { get; set; }

    public string? ApiVersion { get; set; } = WhatsAppLine.DefaultApiVersion;

    public string? PhoneNumberId { get; set; }

    /// <summary>
    /// Typed by the admin, in plain form; empty on an existing line means "keep the stored one", unless the base URL or the
    /// phone number id changes: then the token must be typed again (the stored one is never sent somewhere new).
    /// </summary>
    public string? AccessToken { get; set; }

    public string? WebhookVerifyToken { get; set; }

    /// <summary>Typed by the admin, in plain form; empty means "keep the stored one".</summary>
    public string? AppSecret { get; set; }

    /// <summary>Removes the stored app secret (delivery callbacks are then refused).</summary>
    public bool RemoveAppSecret { get; set; }

    public bool HasAccessToken { get; init; }

    public bool HasAppSecret { get; init; }
}

/// <summary>
/// What the provider answered to a test send: accepted with its message id, or refused with the HTTP status, the
/// provider's code and message and, for codes the portal knows, an explanation in the reader's language; or no
/// answer at all (<see cref="NoAnswer"/> says why).
/// </summary>
public sealed record TestSendAnswer(
    string To,
    bool Accepted,
    string? MessageId,
    int? HttpStatus,
    int? ProviderCode,
    string? ProviderMessage,
    string? Explanation,
    string? NoAnswer);

/// <summary>The outcome of a test send: the command's status (field errors as usual) and, once the provider was called, its answer.</summary>
public sealed record TestSendResult(CommandResult Outcome, TestSendAnswer? Answer = null)
{
    public CommandStatus Status => Outcome.Status;

    public static TestSendResult Refused { get; } = new(CommandResult.NoAccess);

    public static TestSendResult Missing { get; } = new(CommandResult.NotFound);
}

/// <summary>A sandbox line the inbox can show.</summary>
public sealed record SandboxLineOption(int Id, string Name, bool IsActive);

/// <summary>One message of the sandbox inbox, with what sent it: a run's step for a CRM record, or an admin's test.</summary>
public sealed record InboxMessage(
    long Id,
    DateTimeOffset At,
    string To,
    string Text,
    MessageStatus Status,
    long? RunId,
    CrmEntityType? EntityType,
    long? EntityId,
    string? ErrorCode,
    string? SentByName)
{
    /// <summary>
    /// The reader may not read the message's record now (<see cref="RecordSight"/>): its number, text and record are left
    /// out; its status and run remain.
    /// </summary>
    public bool RecordHidden { get; init; }

    /// <summary>The card of the record the message was sent for (<c>/crm/deals/42</c>), or null for a test send or a hidden record.</summary>
    public string? EntityPath => !RecordHidden && EntityType is { } type && EntityId is { } id ? CrmCards.Path(type, id) : null;

    /// <summary>The message as a reader who may not read its record sees it.</summary>
    public InboxMessage Hidden() => this with { To = string.Empty, Text = string.Empty, RecordHidden = true };
}

/// <summary>One page of the inbox, newest first; <see cref="HasOlder"/> says whether a page follows.</summary>
public sealed record InboxPage(IReadOnlyList<InboxMessage> Rows, bool HasOlder, int Total);

/// <summary>
/// WhatsApp lines, for administrators only: every command checks the role on the server and a refusal writes
/// nothing. Tokens and app secrets are stored only encrypted (<see cref="LineSecrets"/>) and never handed back.
/// The sandbox inbox is read here too, by everyone who may see runs (administrators and support staff see every
/// message; anyone else the messages of runs they launched or that ran as them, and their own test sends, with those
/// to records they may not read now hidden).
/// </summary>
public sealed class LineAdmin(
    IDbContextFactory<PortalDbContext> contextFactory,
    LineSecrets secrets,
    MessageDispatcher dispatcher,
    IOptions<MessagingOptions> messaging,
    IStringLocalizer<SharedResource> localizer,
    TimeProvider clock,
    CrmAccess access)
{
    /// <summary>A plain token or secret longer than this is refused (its encrypted form must fit the column).</summary>
    public const int SecretInputMaxLength = 2000;

    public const string Duplicate = "duplicate";

    /// <summary>The refusal of a save that moves a line elsewhere (base URL, phone number id) without its token typed again.</summary>
    public const string TokenAgain = "tokenAgain";

    public const string Inactive = "inactive";

    public async Task<bool> IsAdministratorAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await UserRoles.IsAdministratorAsync(db, userId, cancellationToken);
    }

    /// <summary>Every line by name with its message count; null when the user is not an administrator.</summary>
    public async Task<IReadOnlyList<LineSummary>?> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await UserRoles.IsAdministratorAsync(db, userId, cancellationToken))
        {
            return null;
        }

        return await db.WhatsAppLines.AsNoTracking()
            .OrderBy(l => l.Name)
            .Select(l => new LineSummary(
                l.Id, l.Name, l.Kind, l.PhoneNumber, l.RatePerSecond, l.IsActive, l.ProtectedAccessToken != null,
                db.WhatsAppMessages.Count(m => m.LineId == l.Id)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>A line for the editor (never its token or app secret); null when missing or the user is not an administrator.</summary>
    public async Task<LineDraft?> GetAsync(string userId, int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await UserRoles.IsAdministratorAsync(db, userId, cancellationToken))
        {
            return null;
        }

        var line = await db.WhatsAppLines.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        return line is null
            ? null
            : new LineDraft
            {
                Id = line.Id,
                Version = line.Version,
                Kind = line.Kind,
                Name = line.Name,
                PhoneNumber = line.PhoneNumber,
                RatePerSecond = line.RatePerSecond,
                IsActive = line.IsActive,
                BaseUrl = line.BaseUrl ?? WhatsAppLine.DefaultBaseUrl,
                AllowPlainHttp = line.AllowPlainHttp,
                ApiVersion = line.ApiVersion ?? WhatsAppLine.DefaultApiVersion,
                PhoneNumberId = line.PhoneNumberId,
                WebhookVerifyToken = line.WebhookVerifyToken,
                HasAccessToken = line.HasAccessToken,
                HasAppSecret = line.HasAppSecret,
            };
    }

    /// <summary>A new sandbox or Cloud API line (a Cloud API line needs its access token); the result carries its id.</summary>
    public async Task<CommandResult> CreateAsync(string userId, LineDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await UserRoles.IsAdministratorAsync(db, userId, cancellationToken))
        {
            return CommandResult.NoAccess;
        }

        if (!Enum.IsDefined(draft.Kind))
        {
            return new CommandResult(CommandStatus.Invalid, nameof(LineDraft.Kind), CrmValidation.Invalid);
        }

        WhatsAppLine line;
        try
        {
            line = new WhatsAppLine(draft.Name, draft.Kind, draft.PhoneNumber);
            if (await NameTakenAsync(db, line.Name, null, cancellationToken))
            {
                return new CommandResult(CommandStatus.Invalid, nameof(LineDraft.Name), Duplicate);
            }

            if (Apply(line, draft, creating: true) is { } refused)
            {
                return refused;
            }
        }
        catch (CrmValidationException error)
        {
            return Invalid(error);
        }

        db.WhatsAppLines.Add(line);
        if (await SaveAsync(db, userId, AuditAction.Create, line, AuditSnapshot.Empty, cancellationToken) is { } failed)
        {
            return failed;
        }

        return CommandResult.Created(line.Id);
    }

    /// <summary>
    /// Saves the editor's copy of a line. <see cref="LineDraft.Version"/> is the version the editor opened: if the
    /// line has changed since, nothing is written and the result is a conflict. The kind of a line stays what it was.
    /// </summary>
    public async Task<CommandResult> SaveAsync(string userId, LineDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await UserRoles.IsAdministratorAsync(db, userId, cancellationToken))
        {
            return CommandResult.NoAccess;
        }

        var line = draft.Id is { } id ? await db.WhatsAppLines.SingleOrDefaultAsync(l => l.Id == id, cancellationToken) : null;
        if (line is null)
        {
            return CommandResult.NotFound;
        }

        if (line.Version != draft.Version)
        {
            return CommandResult.Conflict;
        }

        // The version the editor opened is the one the UPDATE is checked against (someone may save in between).
        db.Entry(line).Property(l => l.Version).OriginalValue = draft.Version;
        var before = Snapshot(line);
        try
        {
            line.Rename(draft.Name);
            if (await NameTakenAsync(db, line.Name, line.Id, cancellationToken))
            {
                return new CommandResult(CommandStatus.Invalid, nameof(LineDraft.Name), Duplicate);
            }

            line.SetPhoneNumber(draft.PhoneNumber);
            if (Apply(line, draft, creating: false) is { } refused)
            {
                return refused;
            }
        }
        catch (CrmValidationException error)
        {
            return Invalid(error);
        }

        return await SaveAsync(db, userId, AuditAction.Save, line, before, cancellationToken) ?? CommandResult.Ok;
    }

    /// <summary>The grid's switch: a line switched off sends nothing (its messages fail as "line unavailable").</summary>
    public async Task<CommandResult> SetActiveAsync(string userId, int id, bool active, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await UserRoles.IsAdministratorAsync(db, userId, cancellationToken))
        {
            return CommandResult.NoAccess;
        }

        var line = await db.WhatsAppLines.SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (line is null)
        {
            return CommandResult.NotFound;
        }

        var before = Snapshot(line);
        line.SetActive(active);
        return await SaveAsync(db, userId, AuditAction.SetActive, line, before, cancellationToken) ?? CommandResult.Ok;
    }

    /// <summary>
    /// Sends one message through the line as it is stored: the typed number is read in the default region and must be
    /// a phone number, the text is required (at most 4,096 characters). A Cloud API line calls the provider once, with
    /// no retries, and the answer comes back as it was; a sandbox line keeps the message in its inbox.
    /// </summary>
    public async Task<TestSendResult> TestSendAsync(string userId, int lineId, string? to, string? text, CancellationToken cancellationToken = default)
    {
        WhatsAppLine? line;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await UserRoles.IsAdministratorAsync(db, userId, cancellationToken))
            {
                return TestSendResult.Refused;
            }

            line = await db.WhatsAppLines.AsNoTracking().SingleOrDefaultAsync(l => l.Id == lineId, cancellationToken);
        }

        if (line is null)
        {
            return TestSendResult.Missing;
        }

        var phone = PhoneNormaliser.Normalise(to, messaging.Value.DefaultRegion);
        if (phone.E164 is not { } recipient)
        {
            return new TestSendResult(new CommandResult(CommandStatus.Invalid, "To", (phone.Failure ?? PhoneFailure.Empty).ToString()));
        }

        if (string.IsNullOrWhiteSpace(text) || text.Length > WhatsAppMessage.TextMaxLength)
        {
            return new TestSendResult(new CommandResult(
                CommandStatus.Invalid, "Text", string.IsNullOrWhiteSpace(text) ? CrmValidation.Required : CrmValidation.TooLong, WhatsAppMessage.TextMaxLength));
        }

        if (!line.IsActive)
        {
            return new TestSendResult(new CommandResult(CommandStatus.Invalid, "Line", Inactive));
        }

        if (line.Kind == LineKind.Sandbox)
        {
            var kept = WhatsAppMessage.Sandbox(line.Id, recipient, text, MessageOrigin.TestSend(userId), clock.GetUtcNow());
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            db.WhatsAppMessages.Add(kept);
            await db.SaveChangesAsync(cancellationToken);
            return new TestSendResult(CommandResult.Created(kept.Id), new TestSendAnswer(recipient, true, kept.ProviderMessageId, null, null, null, null, null));
        }

        var (message, reply) = await dispatcher.SendTestAsync(line.Id, recipient, text, userId, cancellationToken);
        var explanation = reply.ErrorCode is { } code && localizer[$"Provider.Code.{code}"] is { ResourceNotFound: false } known ? known.Value : null;
        var answer = reply.IsAccepted
            ? new TestSendAnswer(recipient, true, reply.MessageId, reply.HttpStatus, null, null, null, null)
            : new TestSendAnswer(recipient, false, null, reply.HttpStatus, reply.ErrorCode, reply.ErrorMessage, explanation, reply.Transport);
        return new TestSendResult(CommandResult.Created(message.Id), answer);
    }

    /// <summary>The sandbox lines by name; null when the user may not see runs.</summary>
    public async Task<IReadOnlyList<SandboxLineOption>?> SandboxLinesAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await InboxScopeAsync(db, userId, cancellationToken) is null)
        {
            return null;
        }

        return await db.WhatsAppLines.AsNoTracking()
            .Where(l => l.Kind == LineKind.Sandbox)
            .OrderBy(l => l.Name).ThenBy(l => l.Id)
            .Select(l => new SandboxLineOption(l.Id, l.Name, l.IsActive))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// A page of a sandbox line's messages, newest first: the <paramref name="take"/> messages older than
    /// <paramref name="beforeId"/> (keyset on the id, so page after page costs the same); null when the user may not
    /// see runs or the line is not a sandbox line.
    /// </summary>
    public async Task<InboxPage?> InboxAsync(string userId, int lineId, long? beforeId, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await InboxScopeAsync(db, userId, cancellationToken) is not { } everything)
        {
            return null;
        }

        if (!await db.WhatsAppLines.AnyAsync(l => l.Id == lineId && l.Kind == LineKind.Sandbox, cancellationToken))
        {
            return null;
        }

        var messages = db.WhatsAppMessages.AsNoTracking().Where(m => m.LineId == lineId);
        if (!everything)
        {
            messages = messages.Where(m => m.CreatedById == userId
                || db.ScenarioRuns.Any(r => r.Id == m.RunId && (r.LaunchedById == userId || r.RunAsId == userId)));
        }

        var total = await messages.CountAsync(cancellationToken);
        var page = beforeId is { } before ? messages.Where(m => m.Id < before) : messages;
        var size = Math.Clamp(take, 1, PageRequest.MaxTake);
        var rows = await page
            .OrderByDescending(m => m.Id)
            .Take(size + 1)
            .Select(m => new InboxMessage(
                m.Id,
                m.SentAt ?? m.CreatedAt,
                m.To,
                m.Text,
                m.Status,
                m.RunId,
                m.EntityType,
                m.EntityId,
                m.ErrorCode,
                db.Users.Where(u => u.Id == m.CreatedById).Select(u => u.DisplayName).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        var shown = rows.Take(size).ToList();
        if (!everything)
        {
            var sight = await RecordSight.OfAsync(db, access, userId, cancellationToken);
            var visible = await sight.ShownAsync(
                db, shown.Where(m => m.EntityType is not null && m.EntityId is not null).Select(m => (m.EntityType!.Value, m.EntityId!.Value)), cancellationToken);
            shown = shown.Select(m => m is { EntityType: { } type, EntityId: { } id } && !visible(type, id) ? m.Hidden() : m).ToList();
        }

        return new InboxPage(shown, rows.Count > size, total);
    }

    /// <summary>Cloud API settings, rate, active switch and secrets onto <paramref name="line"/>; a refusal, or null.</summary>
    private CommandResult? Apply(WhatsAppLine line, LineDraft draft, bool creating)
    {
        line.SetRate(draft.RatePerSecond);
        line.SetActive(draft.IsActive);
        if (line.Kind != LineKind.CloudApi)
        {
            return null;
        }

        var hadToken = line.HasAccessToken;
        line.Configure(new CloudApiSettings(draft.BaseUrl, draft.ApiVersion, draft.PhoneNumberId, draft.WebhookVerifyToken, draft.AllowPlainHttp));
        var token = draft.AccessToken?.Trim();
        if (string.IsNullOrEmpty(token))
        {
            if (creating || !line.HasAccessToken)
            {
                // Configure dropped the stored token when the line now points elsewhere.
                return new CommandResult(CommandStatus.Invalid, nameof(LineDraft.AccessToken), hadToken ? TokenAgain : CrmValidation.Required);
            }
        }
        else if (token.Length > SecretInputMaxLength)
        {
            return new CommandResult(CommandStatus.Invalid, nameof(LineDraft.AccessToken), CrmValidation.TooLong, SecretInputMaxLength);
        }
        else
        {
            line.ReplaceAccessToken(secrets.Protect(token));
        }

        var secret = draft.AppSecret?.Trim();
        if (!string.IsNullOrEmpty(secret))
        {
            if (secret.Length > SecretInputMaxLength)
            {
                return new CommandResult(CommandStatus.Invalid, nameof(LineDraft.AppSecret), CrmValidation.TooLong, SecretInputMaxLength);
            }

            line.ReplaceAppSecret(secrets.Protect(secret));
        }
        else if (draft.RemoveAppSecret)
        {
            line.ReplaceAppSecret(null);
        }

        return null;
    }

    /// <summary>
    /// Saves the line and its audit entry (<paramref name="before"/> → the line now) together; a conflict or a name taken
    /// meanwhile (the unique index) becomes the matching result, and nothing is written.
    /// </summary>
    private static async Task<CommandResult?> SaveAsync(
        PortalDbContext db, string userId, AuditAction action, WhatsAppLine line, AuditSnapshot before, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CommandResult.Conflict;
        }
        catch (DbUpdateException error) when (error.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return new CommandResult(CommandStatus.Invalid, nameof(LineDraft.Name), Duplicate);
        }

        await AuditLog.RecordAsync(db, userId, AuditArea.Lines, action, AuditSubject.Of(line.Id, line.Name), before, Snapshot(line), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>A line as the audit trail compares it; the tokens and the app secret only ever show as "changed".</summary>
    private static AuditSnapshot Snapshot(WhatsAppLine line) => new AuditSnapshot()
        .Add(nameof(WhatsAppLine.Name), line.Name)
        .Add(nameof(WhatsAppLine.Kind), line.Kind)
        .Add(nameof(WhatsAppLine.PhoneNumber), line.PhoneNumber)
        .Add(nameof(WhatsAppLine.RatePerSecond), line.RatePerSecond)
        .Add(nameof(WhatsAppLine.IsActive), line.IsActive)
        .Add(nameof(WhatsAppLine.BaseUrl), line.BaseUrl)
        .Add(nameof(WhatsAppLine.AllowPlainHttp), line.AllowPlainHttp)
        .Add(nameof(WhatsAppLine.ApiVersion), line.ApiVersion)
        .Add(nameof(WhatsAppLine.PhoneNumberId), line.PhoneNumberId)
        .Secret(nameof(LineDraft.AccessToken), line.ProtectedAccessToken)
        .Secret(nameof(WhatsAppLine.WebhookVerifyToken), line.WebhookVerifyToken)
        .Secret(nameof(LineDraft.AppSecret), line.ProtectedAppSecret);

    /// <summary>The domain's field names as the editor knows them (the protected columns are the typed secrets).</summary>
    private static CommandResult Invalid(CrmValidationException error) => new(
        CommandStatus.Invalid,
        error.Field switch
        {
            nameof(WhatsAppLine.ProtectedAccessToken) => nameof(LineDraft.AccessToken),
            nameof(WhatsAppLine.ProtectedAppSecret) => nameof(LineDraft.AppSecret),
            _ => error.Field,
        },
        error.Reason,
        error.Limit);

    private static Task<bool> NameTakenAsync(PortalDbContext db, string name, int? exceptId, CancellationToken cancellationToken) =>
        db.WhatsAppLines.AnyAsync(l => l.Name == name && l.Id != (exceptId ?? 0), cancellationToken);

    /// <summary>True: every message; false: the user's own; null: the user may not see runs at all.</summary>
    private static async Task<bool?> InboxScopeAsync(PortalDbContext db, string userId, CancellationToken cancellationToken)
    {
        var roles = await UserRoles.OfAsync(db, userId, cancellationToken);
        if (!roles.CanUse(PortalArea.Runs))
        {
            return null;
        }

        return roles.ReadsEverything;
    }
}
