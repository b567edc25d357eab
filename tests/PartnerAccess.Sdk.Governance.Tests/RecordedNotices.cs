using PartnerAccess.Sdk.Notifications;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Sdk.Governance.Tests;

internal static class RecordedNotices
{
    /// <summary>The recorded messages as the composed notices they are.</summary>
    public static IReadOnlyList<NoticeMessage> Notices(this RecordingNotificationSender sender) =>
        sender.Messages.Select(m => m.Should().BeOfType<NoticeMessage>().Subject).ToList();
}
