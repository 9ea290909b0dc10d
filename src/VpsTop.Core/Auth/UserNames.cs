using System.Collections;

namespace VpsTop.Core.Auth;

/// <summary>The user names one source tried, as <see cref="SourceStats"/> keeps them: the first two in place, all of
/// them in a set once there are more. A value with a value enumerator, so a table of 100,000 sources lists its names
/// without an object per row.</summary>
public readonly struct UserNames : IReadOnlyCollection<string>
{
    private readonly string? _first, _second;
    private readonly HashSet<string>? _all;

    internal UserNames(string? first, string? second, HashSet<string>? all) => (_first, _second, _all) = (first, second, all);

    public int Count => _all?.Count ?? (_second is not null ? 2 : _first is not null ? 1 : 0);

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<string> IEnumerable<string>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public struct Enumerator : IEnumerator<string>
    {
        private readonly UserNames _names;
        private HashSet<string>.Enumerator _set;
        private int _at;

        internal Enumerator(UserNames names)
        {
            _names = names;
            _set = names._all?.GetEnumerator() ?? default;
            _at = -1;
            Current = "";
        }

        public string Current { get; private set; }

        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_names._all is not null)
            {
                if (!_set.MoveNext()) return false;
                Current = _set.Current;
                return true;
            }
            _at++;
            string? next = _at == 0 ? _names._first : _at == 1 ? _names._second : null;
            if (next is null) return false;
            Current = next;
            return true;
        }

        public void Reset() => throw new NotSupportedException();

        public readonly void Dispose() { }
    }
}
