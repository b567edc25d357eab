using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PartnerAccess.Sdk.Emulator.Batch;
using PartnerAccess.Sdk.Emulator.Control;
using PartnerAccess.Sdk.Emulator.JustInTime;
using PartnerAccess.Sdk.Emulator.Mail;
using PartnerAccess.Sdk.Emulator.Relationships;
using PartnerAccess.Sdk.Emulator.SignIns;
using AspNetWebApplication = Microsoft.AspNetCore.Builder.WebApplication;

namespace PartnerAccess.Sdk.Emulator.Hosting;

/// <summary>Builds the emulator's web application; shared by the program and by <see cref="GdapEmulator.StartAsync"/>.</summary>
internal static class EmulatorApplication
{
    public static AspNetWebApplication Build(WebApplicationBuilder builder, EmulatorState state)
    {
        builder.Services.AddSingleton(state);
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        EmulatorPipeline.Use(app, state);
        TenantRelationshipsEndpoints.Map(app, state);
        SendMailEndpoints.Map(app, state);
        SignInEndpoints.Map(app, state);
        ControlEndpoints.Map(app, state);
        BatchEndpoints.Map(app, state);
        PimForGroupsEndpoints.Map(app, state);
        PimControlEndpoints.Map(app, state);
        Groups.GroupsEndpoints.Map(app, state);
        return app;
    }
}
