using System.Buffers;

namespace LeanML.Server;

/// <summary>
/// A 200 <c>application/json</c> answer written into a buffer rented from the shared pool, which goes back to the pool
/// once the body is sent (or when the answer is not used: <see cref="Dispose"/>). It also needs no service from the
/// request's scope, so a prediction never creates one.
/// </summary>
internal sealed class PooledJsonResult : IResult, IBufferWriter<byte>, IDisposable
{
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(1024);
    private int _written;

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => Ensure(sizeHint).AsMemory(_written);

    public Span<byte> GetSpan(int sizeHint = 0) => Ensure(sizeHint).AsSpan(_written);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        try
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json";
            response.ContentLength = _written;
            await response.Body.WriteAsync(_buffer.AsMemory(0, _written), httpContext.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private byte[] Ensure(int sizeHint)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(PooledJsonResult));
        if (buffer.Length - _written >= Math.Max(sizeHint, 1))
        {
            return buffer;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, _written + sizeHint));
        buffer.AsSpan(0, _written).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return _buffer = bigger;
    }
}
