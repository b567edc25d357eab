using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PartnerAccess.Sdk.Emulator.Hosting;
using PartnerAccess.Sdk.Emulator.Wire;

namespace PartnerAccess.Sdk.Emulator.Mail;

/// <summary>Graph's <c>POST /users/{id}/sendMail</c> (and <c>/me/sendMail</c>): captures the mail and answers 202.</summary>
internal static class SendMailEndpoints
{
    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapPost("/v1.0/users/{userId}/sendMail", ctx => SendMail(ctx, state, ctx.Request.RouteValues["userId"] as string ?? string.Empty));
        app.MapPost("/v1.0/me/sendMail", ctx => SendMail(ctx, state, "me"));
    }

    private static async Task SendMail(HttpContext ctx, EmulatorState state, string userId)
    {
        var body = GraphReader.RequireObject(await GraphReader.ReadBodyAsync(ctx).ConfigureAwait(false));
        var problem = MailStore.TryRead(body, userId, state.Clock.Now, state.Mail.NextSequence(), out var mail);
        if (problem is not null)
        {
            throw GraphErrorException.BadRequest(problem);
        }

        state.Mail.Add(mail!);
        ctx.Response.StatusCode = StatusCodes.Status202Accepted;
    }
}
