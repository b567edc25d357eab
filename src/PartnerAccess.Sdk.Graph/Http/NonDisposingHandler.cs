namespace PartnerAccess.Sdk.Graph.Http;

/// <summary>Puts a handler the caller owns at the end of a pipeline this library may dispose, without disposing it.</summary>
internal sealed class NonDisposingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    // DelegatingHandler.Dispose would dispose the inner handler; it is not ours.
    protected override void Dispose(bool disposing)
    {
    }
}
