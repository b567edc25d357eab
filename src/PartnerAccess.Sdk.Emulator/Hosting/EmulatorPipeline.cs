using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PartnerAccess.Sdk.Emulator.Diagnostics;
using PartnerAccess.Sdk.Emulator.Faults;
using PartnerAccess.Sdk.Emulator.Wire;

namespace PartnerAccess.Sdk.Emulator.Hosting;

/// <summary>
/// The middleware in front of the endpoints: request ids and the request log; on the Graph surface the bearer-token
/// check, the throttle, injected faults and latency; everywhere the Graph error envelope.
/// </summary>
internal static class EmulatorPipeline
{
    public static void Use(IApplicationBuilder app, EmulatorState state)
    {
        app.Use((ctx, next) => Observe(ctx, next, state));
        app.Use((ctx, next) => IsGraphSurface(ctx.Request) ? InjectFaults(ctx, next, state) : next(ctx));
        app.Use((ctx, next) => TranslateErrors(ctx, next, state));
    }

    public static bool IsGraphSurface(HttpRequest request) =>
        request.Path.StartsWithSegments("/v1.0", StringComparison.OrdinalIgnoreCase) ||
        request.Path.StartsWithSegments("/beta", StringComparison.OrdinalIgnoreCase);

    private static async Task Observe(HttpContext ctx, RequestDelegate next, EmulatorState state)
    {
        var requestId = Guid.NewGuid().ToString();
        ctx.Items[EmulatorItems.RequestId] = requestId;
        ctx.Response.Headers["request-id"] = requestId;
        var clientRequestId = ctx.Request.Headers["client-request-id"].FirstOrDefault();
        ctx.Response.Headers["client-request-id"] = clientRequestId ?? requestId;
        if (!IsGraphSurface(ctx.Request))
        {
            await next(ctx).ConfigureAwait(false);
            DropIfAsked(ctx);
            return;
        }

        var sequence = state.Requests.NextSequence();
        var receivedAt = state.WireClock.GetUtcNow();
        try
        {
            await next(ctx).ConfigureAwait(false);
        }
        finally
        {
            var dropped = ctx.Items.TryGetValue(EmulatorItems.Fault, out var fault) && fault is "dropConnection" or "ambiguousDrop";
            state.Requests.Add(new EmulatorRequestLogEntry(
                sequence,
                receivedAt,
                ctx.Request.Method,
                ctx.Request.Path + ctx.Request.QueryString,
                dropped ? 0 : ctx.Response.StatusCode,
                requestId,
                clientRequestId,
                fault as string,
                ctx.Request.Headers["Retry-Attempt"].FirstOrDefault()));
            DropIfAsked(ctx);
        }
    }

    private static void DropIfAsked(HttpContext ctx)
    {
        if (ctx.Items.ContainsKey(EmulatorItems.DropConnection))
        {
            ctx.Abort();
        }
    }

    private static async Task InjectFaults(HttpContext ctx, RequestDelegate next, EmulatorState state)
    {
        if (!IsAuthorized(ctx.Request, state.Options))
        {
            ctx.Items[EmulatorItems.Fault] = "unauthorized";
            ctx.Response.Headers.WWWAuthenticate = "Bearer";
            await GraphResponses.WriteErrorAsync(ctx, new GraphErrorException(StatusCodes.Status401Unauthorized, "InvalidAuthenticationToken",
                "Access token is empty or invalid: the emulator requires 'Authorization: Bearer <token>'."), state.Clock.Now).ConfigureAwait(false);
            return;
        }

        var decision = state.Faults.Decide();
        switch (decision.Kind)
        {
            case FaultKind.Throttled:
            case FaultKind.Status429:
                ctx.Items[EmulatorItems.Fault] = decision.Kind == FaultKind.Throttled ? "throttled" : "status429";
                await GraphResponses.WriteErrorAsync(ctx, new GraphErrorException(StatusCodes.Status429TooManyRequests, "tooManyRequests",
                    "Too many requests. Retry after the number of seconds in the Retry-After header.")
                {
                    RetryAfterSeconds = decision.RetryAfterSeconds,
                }, state.Clock.Now).ConfigureAwait(false);
                return;
            case FaultKind.Status503:
                ctx.Items[EmulatorItems.Fault] = "status503";
                await GraphResponses.WriteErrorAsync(ctx, new GraphErrorException(StatusCodes.Status503ServiceUnavailable, "serviceNotAvailable",
                    "The service is temporarily unavailable. (Injected fault.)")
                {
                    RetryAfterSeconds = decision.RetryAfterSeconds,
                }, state.Clock.Now).ConfigureAwait(false);
                return;
        }

        if (decision.Latency > TimeSpan.Zero)
        {
            await Task.Delay(decision.Latency, state.WireClock, ctx.RequestAborted).ConfigureAwait(false);
        }

        if (decision.Kind == FaultKind.DropConnection)
        {
            ctx.Items[EmulatorItems.Fault] = "dropConnection";
            if (!decision.DropBeforeProcessing)
            {
                // Process the request, then lose the response: the ambiguous failure a client must not blindly retry.
                var original = ctx.Response.Body;
                ctx.Response.Body = Stream.Null;
                try
                {
                    await next(ctx).ConfigureAwait(false);
                }
                finally
                {
                    ctx.Response.Body = original;
                }
            }

            // Dropped by the outermost layer, once the request is in the log: a client that sees the drop finds it there.
            ctx.Items[EmulatorItems.DropConnection] = true;
            return;
        }

        var segments = ctx.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var hidden = state.Faults.FindNotYetVisible(segments) ??
                     (HttpMethods.IsGet(ctx.Request.Method) ? state.Faults.FindFirstReadHidden(segments) : null);
        if (hidden is not null)
        {
            ctx.Items[EmulatorItems.Fault] = "notYetVisible";
            await GraphResponses.WriteErrorAsync(ctx, GraphErrorException.NotFound(
                $"The object '{hidden}' was not found. (Injected eventual-consistency delay.)"), state.Clock.Now).ConfigureAwait(false);
            return;
        }

        if (UnsupportedFilter(ctx.Request, state) is { } property)
        {
            ctx.Items[EmulatorItems.Fault] = "unsupportedFilter";
            await GraphResponses.WriteErrorAsync(ctx, GraphErrorException.BadRequest(
                $"Invalid filter clause: the property '{property}' is not supported in $filter."), state.Clock.Now).ConfigureAwait(false);
            return;
        }

        var ambiguous = IsWrite(ctx.Request) ? state.Faults.DecideAmbiguousWrite() : FaultKind.None;
        if (ambiguous == FaultKind.None)
        {
            await next(ctx).ConfigureAwait(false);
            return;
        }

        await AnswerAmbiguouslyAsync(ctx, next, state, ambiguous).ConfigureAwait(false);
    }

    private static bool IsWrite(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method);

    private static string? UnsupportedFilter(HttpRequest request, EmulatorState state)
    {
        var filter = request.Query["$filter"].ToString();
        if (filter.Length == 0)
        {
            return null;
        }

        try
        {
            return state.Faults.FindUnsupportedFilter(GraphFilter.Parse(filter).Select(c => c.Property));
        }
        catch (GraphErrorException)
        {
            return null; // The endpoint reports a malformed filter itself.
        }
    }

    /// <summary>Applies the write, then loses its answer: 500, 504 or a dropped connection instead of the success.</summary>
    private static async Task AnswerAmbiguouslyAsync(HttpContext ctx, RequestDelegate next, EmulatorState state, FaultKind kind)
    {
        var original = ctx.Response.Body;
        using var buffer = new MemoryStream();
        ctx.Response.Body = buffer;
        try
        {
            await next(ctx).ConfigureAwait(false);
        }
        finally
        {
            ctx.Response.Body = original;
        }

        var applied = ctx.Response.StatusCode is >= 200 and < 300;
        if (!applied || ctx.Response.HasStarted)
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(original, ctx.RequestAborted).ConfigureAwait(false);
            return;
        }

        ctx.Items[EmulatorItems.Fault] = kind switch
        {
            FaultKind.Ambiguous500 => "ambiguous500",
            FaultKind.Ambiguous504 => "ambiguous504",
            _ => "ambiguousDrop",
        };
        if (kind == FaultKind.AmbiguousDrop)
        {
            // Dropped by the outermost layer, once the request is in the log: a client that sees the drop finds it there.
            ctx.Items[EmulatorItems.DropConnection] = true;
            return;
        }

        foreach (var header in new[] { "Location", "Retry-After", "ETag", "Content-Type", "Content-Length" })
        {
            ctx.Response.Headers.Remove(header);
        }

        var error = kind == FaultKind.Ambiguous500
            ? new GraphErrorException(StatusCodes.Status500InternalServerError, "internalServerError", "An unexpected error occurred in the server.")
            : new GraphErrorException(StatusCodes.Status504GatewayTimeout, "gatewayTimeout", "The gateway did not receive a response from the service in time.");
        await GraphResponses.WriteErrorAsync(ctx, error, state.Clock.Now).ConfigureAwait(false);
    }

    private static async Task TranslateErrors(HttpContext ctx, RequestDelegate next, EmulatorState state)
    {
        GraphErrorException? error;
        try
        {
            await next(ctx).ConfigureAwait(false);
            error = ctx.Response.HasStarted ? null : ctx.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound when ctx.GetEndpoint() is null =>
                    GraphErrorException.NotFound($"Resource not found for the segment '{ctx.Request.Path}'."),
                StatusCodes.Status405MethodNotAllowed =>
                    new GraphErrorException(StatusCodes.Status405MethodNotAllowed, "methodNotAllowed",
                        $"The method '{ctx.Request.Method}' is not allowed on '{ctx.Request.Path}'."),
                _ => null,
            };
        }
        catch (GraphErrorException exception)
        {
            error = exception;
        }
        catch (PartnerAccessException exception)
        {
            error = GraphErrorException.FromEngine(exception);
        }
        catch (BadHttpRequestException exception)
        {
            error = GraphErrorException.BadRequest(exception.Message);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception) when (!ctx.Response.HasStarted)
        {
            error = new GraphErrorException(StatusCodes.Status500InternalServerError, "internalServerError",
                string.Create(CultureInfo.InvariantCulture, $"The emulator failed: {exception.GetType().Name}: {exception.Message}"));
        }

        if (error is not null && !ctx.Response.HasStarted)
        {
            ctx.Response.Headers.Remove("Location");
            await GraphResponses.WriteErrorAsync(ctx, error, state.Clock.Now, state.Options.IncludeRuleDiagnostics).ConfigureAwait(false);
        }
    }

    private static bool IsAuthorized(HttpRequest request, GdapEmulatorOptions options)
    {
        if (options.BearerToken is null && !options.RequireBearerToken)
        {
            return true;
        }

        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length <= scheme.Length)
        {
            return false;
        }

        var token = header[scheme.Length..].Trim();
        return token.Length > 0 && (options.BearerToken is null || string.Equals(token, options.BearerToken, StringComparison.Ordinal));
    }
}
