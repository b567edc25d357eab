using System.Globalization;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Renewal;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Notifications;

/// <summary>
/// Writes a notice as a message people can act on: the customer, the roles grouped by workload, the access window,
/// the days left and what to do. The partner's version carries the renewal steps; the customer's version says what
/// the change means for the tenant. Times are printed in UTC.
/// </summary>
public sealed class NotificationComposer
{
    /// <summary>Creates a composer.</summary>
    /// <param name="options">What to say about the sender; defaults when <see langword="null"/>.</param>
    public NotificationComposer(NotificationMessageOptions? options = null)
    {
        Options = options ?? new NotificationMessageOptions();
    }

    /// <summary>The settings in force.</summary>
    public NotificationMessageOptions Options { get; }

    /// <summary>Composes the message for a notice.</summary>
    /// <param name="notice">The notice.</param>
    /// <param name="recipients">Who gets it.</param>
    /// <param name="renewal">The renewal to propose, for expiry notices to the partner; generic steps when <see langword="null"/>.</param>
    /// <returns>The message.</returns>
    public NoticeMessage Compose(Notice notice, IReadOnlyList<string> recipients, RenewalPlan? renewal = null)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(recipients);
        var forPartner = notice.Audience == NotificationAudience.Partner;
        var subject = Subject(notice, forPartner);
        var content = new MessageContent { Headline = subject };
        AddFacts(content, notice);
        content.RoleGroups.AddRange(WorkloadNames.Group(notice.Relationship.Roles));
        switch (notice.Kind)
        {
            case NotificationKind.ExpiringSoon:
                ExpiringSoon(content, notice, forPartner, renewal);
                break;
            case NotificationKind.Expired:
                Expired(content, notice, forPartner, renewal);
                break;
            case NotificationKind.AutoExtended:
                AutoExtended(content, notice, forPartner);
                break;
            case NotificationKind.ApprovalPendingCleanupSoon:
                ApprovalPending(content, notice, forPartner);
                break;
            case NotificationKind.Terminated:
                Terminated(content, forPartner);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(notice), notice.Kind, "Unknown notification kind.");
        }

        if (!forPartner && Options.PartnerContact is { Length: > 0 } contact)
        {
            content.Footer.Add($"Questions? Contact {PartnerName(capital: false)}: {contact}.");
        }

        content.Footer.Add("Reference: " + notice.DedupeKey);
        return new NoticeMessage
        {
            Notice = notice,
            Key = notice.DedupeKey,
            Recipients = recipients,
            Subject = subject,
            HtmlBody = content.ToHtml(subject),
            TextBody = content.ToText(),
        };
    }

    private string Subject(Notice notice, bool forPartner)
    {
        var customer = CustomerName(notice.Relationship);
        var partnerAccess = $"{PartnerName(capital: true)}'s admin access to your tenant";
        var when = notice.WindowEnd is { } end ? InstantText.Date(end) : "soon";
        var days = Days(notice.DaysLeft ?? 0);
        return (notice.Kind, forPartner) switch
        {
            (NotificationKind.ExpiringSoon, true) => $"GDAP access to {customer} ends in {days} ({when})",
            (NotificationKind.ExpiringSoon, false) => $"{partnerAccess} ends in {days} ({when})",
            (NotificationKind.Expired, true) => $"GDAP access to {customer} has expired ({when})",
            (NotificationKind.Expired, false) => $"{partnerAccess} has expired ({when})",
            (NotificationKind.AutoExtended, true) => $"GDAP access to {customer} was extended to {when}",
            (NotificationKind.AutoExtended, false) => $"{partnerAccess} was extended to {when}",
            (NotificationKind.ApprovalPendingCleanupSoon, true) => $"GDAP request to {customer} is removed in {days} unless approved ({when})",
            (NotificationKind.ApprovalPendingCleanupSoon, false) => $"A request from {PartnerName(capital: false)} for admin access waits for your approval ({days} left)",
            (NotificationKind.Terminated, true) => $"GDAP relationship with {customer} was terminated",
            (NotificationKind.Terminated, false) => $"{partnerAccess} was terminated",
            _ => notice.Kind.ToString(),
        };
    }

    private static void AddFacts(MessageContent content, Notice notice)
    {
        var relationship = notice.Relationship;
        var window = relationship.Window;
        content.Facts.Add(("Customer", relationship.Customer is { } c
            ? (c.DisplayName is { Length: > 0 } name ? $"{name} (tenant {c.TenantId})" : $"tenant {c.TenantId}")
            : "not named yet"));
        content.Facts.Add(("Relationship", $"{relationship.DisplayName} ({relationship.Id})"));
        content.Facts.Add(("Status", GraphNames.ToGraphName(relationship.Status)));
        if (window.ActivatedAt is { } start && window.EndsAt is { } end)
        {
            content.Facts.Add(("Access window", $"{InstantText.ForPeople(start)} to {InstantText.ForPeople(end)}"));
        }
        else
        {
            content.Facts.Add(("Requested length", Days(window.LengthInDays)));
        }

        if (notice.Kind == NotificationKind.ApprovalPendingCleanupSoon && notice.WindowEnd is { } cleanup)
        {
            if (NotificationPlanner.PendingSince(relationship) is { } since)
            {
                content.Facts.Add(("Waiting for approval since", InstantText.ForPeople(since)));
            }

            content.Facts.Add(("Removed unless approved by", InstantText.ForPeople(cleanup)));
        }

        if (notice.DaysLeft is { } daysLeft && notice.Kind != NotificationKind.Terminated)
        {
            content.Facts.Add(("Days left", daysLeft.ToString(CultureInfo.InvariantCulture)));
        }

        content.Facts.Add(("Auto-extend", window.AutoExtends ? $"on ({window.AutoExtendDuration.Days} days)" : "off"));
    }

    private void ExpiringSoon(MessageContent content, Notice notice, bool forPartner, RenewalPlan? renewal)
    {
        var end = notice.WindowEnd is { } e ? InstantText.ForPeople(e) : "the end date";
        if (notice.AutoExtendBlockedReason is { } reason)
        {
            var why = new MessageContent.Section { Heading = "Why it cannot auto-extend" };
            why.Paragraphs.Add(forPartner
                ? reason
                : "It includes Global Administrator, and Microsoft does not allow a relationship with Global Administrator to auto-extend.");
            content.Sections.Add(why);
        }

        if (forPartner)
        {
            var todo = new MessageContent.Section { Heading = "What to do" };
            todo.Paragraphs.Add($"A GDAP relationship cannot be extended; only auto-extend keeps one going. Access ends on {end}. To keep it, renew it:");
            AddRenewalSteps(todo, notice, renewal);
            todo.Steps.Add("Let this relationship expire, or terminate it once the renewal is active.");
            if (!notice.Relationship.HasGlobalAdministrator)
            {
                todo.Paragraphs.Add("Or switch auto-extend on for this relationship: it then extends itself by 180 days at its end date.");
            }

            content.Sections.Add(todo);
            AddRenewalNotes(content, renewal);
            return;
        }

        var meaning = new MessageContent.Section { Heading = "What this means" };
        meaning.Paragraphs.Add($"On {end}, {PartnerName(capital: false)} loses the administrative roles listed above in your tenant.");
        content.Sections.Add(meaning);
        var customerTodo = new MessageContent.Section { Heading = "What to do" };
        customerTodo.Paragraphs.Add("Nothing, if you want this access to end.");
        customerTodo.Paragraphs.Add($"To keep it, {PartnerName(capital: false)} sends you a new request; approve it in the Microsoft 365 admin center when it arrives.");
        content.Sections.Add(customerTodo);
    }

    private void Expired(MessageContent content, Notice notice, bool forPartner, RenewalPlan? renewal)
    {
        var end = notice.WindowEnd is { } e ? InstantText.ForPeople(e) : "its end date";
        var meaning = new MessageContent.Section { Heading = "What this means" };
        meaning.Paragraphs.Add(forPartner
            ? $"Access ended on {end}, and the service removes its access assignments. An expired relationship cannot be restored."
            : $"Since {end}, {PartnerName(capital: false)} no longer has the administrative roles listed above in your tenant.");
        if (notice.AutoExtendBlockedReason is not null)
        {
            meaning.Paragraphs.Add("It could not auto-extend because it included Global Administrator.");
        }

        content.Sections.Add(meaning);
        var todo = new MessageContent.Section { Heading = "What to do" };
        if (forPartner)
        {
            todo.Paragraphs.Add("To regain access, create a new relationship:");
            AddRenewalSteps(todo, notice, renewal);
            content.Sections.Add(todo);
            AddRenewalNotes(content, renewal);
            return;
        }

        todo.Paragraphs.Add($"Nothing. If you want {PartnerName(capital: false)} to keep managing your tenant, approve the new request they send you.");
        content.Sections.Add(todo);
    }

    private void AutoExtended(MessageContent content, Notice notice, bool forPartner)
    {
        var end = notice.WindowEnd is { } e ? InstantText.ForPeople(e) : "its new end date";
        var meaning = new MessageContent.Section { Heading = "What this means" };
        meaning.Paragraphs.Add($"The relationship extended itself by {notice.Relationship.Window.AutoExtendDuration.Days} days because auto-extend is on. Access now ends on {end}, unless it extends again.");
        content.Sections.Add(meaning);
        var todo = new MessageContent.Section { Heading = "What to do" };
        todo.Paragraphs.Add(forPartner
            ? "Nothing. To let it end instead, switch auto-extend off or terminate the relationship."
            : $"Nothing. If you no longer want {PartnerName(capital: false)} to have this access, you can end the relationship in the Microsoft 365 admin center.");
        content.Sections.Add(todo);
    }

    private void ApprovalPending(MessageContent content, Notice notice, bool forPartner)
    {
        var cleanup = notice.WindowEnd is { } e ? InstantText.ForPeople(e) : "the end of the 90 days";
        var link = notice.Relationship.ApprovalLink.ToString();
        var meaning = new MessageContent.Section { Heading = "What this means" };
        meaning.Paragraphs.Add(forPartner
            ? $"The customer has not approved this request. Microsoft removes requests that are not approved within 90 days; this one goes on {cleanup}."
            : $"{PartnerName(capital: true)} asked for the administrative roles listed above in your tenant. The request is removed on {cleanup} if you do not approve it.");
        content.Sections.Add(meaning);
        var todo = new MessageContent.Section { Heading = "What to do" };
        if (forPartner)
        {
            todo.Steps.Add($"Remind the customer and send them the approval link: {link}");
            todo.Steps.Add("If the request is no longer wanted, let it lapse. Once removed, it has to be created again.");
        }
        else
        {
            todo.Steps.Add($"If you agree, a Global Administrator of your tenant approves it here: {link}");
            todo.Steps.Add("If you do not agree, do nothing: the request is removed.");
        }

        content.Sections.Add(todo);
    }

    private void Terminated(MessageContent content, bool forPartner)
    {
        var meaning = new MessageContent.Section { Heading = "What this means" };
        meaning.Paragraphs.Add(forPartner
            ? "The relationship was ended, by the partner or the customer. Its roles and every access assignment are removed."
            : $"{PartnerName(capital: true)} no longer has the administrative roles listed above in your tenant.");
        content.Sections.Add(meaning);
        var todo = new MessageContent.Section { Heading = "What to do" };
        todo.Paragraphs.Add(forPartner
            ? "Nothing, if this was intended. Otherwise create a new relationship and ask the customer to approve it."
            : "Nothing.");
        content.Sections.Add(todo);
    }

    private static void AddRenewalSteps(MessageContent.Section todo, Notice notice, RenewalPlan? renewal)
    {
        var relationship = notice.Relationship;
        var customer = CustomerName(relationship);
        if (renewal is null)
        {
            var gaNote = relationship.HasGlobalAdministrator ? " (leave out Global Administrator so it can auto-extend)" : string.Empty;
            todo.Steps.Add($"Create a new relationship with {customer} with the same roles{gaNote}, for {Days(relationship.Window.LengthInDays)}.");
            todo.Steps.Add("Lock it for approval and send the customer the approval link.");
            todo.Steps.Add("When the customer has approved it and it is active, create the same access assignments again.");
            return;
        }

        var request = renewal.Request;
        var dropped = renewal.DroppedRoles.Count > 0 ? $" ({string.Join(", ", renewal.DroppedRoles.Select(r => r.Name))} left out)" : string.Empty;
        var autoExtend = request.AutoExtendDuration > NodaTime.Duration.Zero ? ", with auto-extend on" : string.Empty;
        todo.Steps.Add($"Create the relationship \"{request.DisplayName}\" with {customer}: the same roles{dropped}, for {Days(request.Duration.Days)}{autoExtend}.");
        todo.Steps.Add("Lock it for approval and send the customer the approval link.");
        if (renewal.Assignments.Count == 0)
        {
            todo.Steps.Add("When the customer has approved it and it is active, create the access assignments your team needs (this relationship has none to copy).");
            return;
        }

        var groups = renewal.Assignments.Select(a =>
            $"group {a.Request.SecurityGroupId}: {string.Join(", ", a.Request.Roles.Select(r => r.Name).Order(StringComparer.Ordinal))}");
        todo.Steps.Add($"When the customer has approved it and it is active, re-apply the access assignments: {string.Join("; ", groups)}.");
    }

    private static void AddRenewalNotes(MessageContent content, RenewalPlan? renewal)
    {
        if (renewal is null || (renewal.Notes.Count == 0 && renewal.IsValid))
        {
            return;
        }

        var notes = new MessageContent.Section { Heading = "Before you renew" };
        notes.Paragraphs.AddRange(renewal.Notes);
        notes.Paragraphs.AddRange(renewal.Violations.Select(v => "The planned renewal breaks a rule: " + v.Message));
        content.Sections.Add(notes);
    }

    private string PartnerName(bool capital) =>
        Options.PartnerDisplayName is { Length: > 0 } name ? name : capital ? "Your partner" : "your partner";

    private static string CustomerName(Relationship relationship) =>
        relationship.Customer is { } c ? (c.DisplayName is { Length: > 0 } name ? name : $"tenant {c.TenantId}") : "the customer";

    private static string Days(int days) => days == 1 ? "1 day" : days.ToString(CultureInfo.InvariantCulture) + " days";
}
