#if !NET10_0_OR_GREATER
namespace PartnerAccess.Sdk;

// .NET 10 ships System.Linq.AsyncEnumerable.ToListAsync. Below it, each package compiles this internal copy (linked
// source) with the same signature, so the same code builds on every target and nothing TFM-specific is public.
internal static class AsyncEnumerableExtensions
{
    internal static async ValueTask<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var list = new List<T>();
        await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(item);
        }

        return list;
    }
}
#endif
