using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Graph.Notifications;
using PartnerAccess.Sdk.Notifications;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Graph mail to the notification pipeline.</summary>
public static class PartnerAccessBuilderGraphMailExtensions
{
    /// <summary>
    /// Registers <see cref="GraphMailNotificationSender"/> as an <see cref="INotificationSender"/>, sending through the
    /// registered <see cref="GraphPartnerAccessClient"/> (call <c>UseGraph</c> and <c>AddNotifications</c> too). The
    /// app needs <c>Mail.Send</c> for the mailbox. The options are validated on start, every problem at once.
    /// </summary>
    /// <param name="builder">The builder from <c>AddPartnerAccess</c>.</param>
    /// <param name="configure">Sets the mailbox and body format.</param>
    /// <returns>The builder.</returns>
    public static IPartnerAccessBuilder AddGraphMailSender(this IPartnerAccessBuilder builder, Action<GraphMailOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<GraphMailOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GraphMailOptions>, GraphMailOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationSender, GraphMailNotificationSender>(sp => new GraphMailNotificationSender(
            sp.GetRequiredService<GraphPartnerAccessClient>().Graph,
            sp.GetRequiredService<IOptions<GraphMailOptions>>().Value,
            sp.GetRequiredService<TimeProvider>())));
        return builder;
    }
}
